import type { TFunction } from 'i18next';
import { describe, expect, it } from 'vitest';
import { ApiError, isApiError } from '../../api/errors';
import { pointerMessages, summaryError } from './formErrors';

const t = ((key: string) => key) as unknown as TFunction;
const problem = (code: string, errors: { pointer: string; detail: string }[]) =>
  new ApiError({ status: 422, code, title: 'x', detail: 'server words', errors });

describe('server errors placed at their field', () => {
  it('keys messages by their full pointer under /body, rows included, first one wins', () => {
    const error = problem('UNPROCESSABLE', [
      { pointer: '/body/parties/1/organisationId', detail: 'listed twice' },
      { pointer: '/body/signedOn', detail: 'a signed convention needs its signature date' },
      { pointer: '/body/signedOn', detail: 'second message' },
      { pointer: '/querystring/cursor', detail: 'not a body field' },
    ]);
    expect(pointerMessages(t, error)).toEqual({
      'parties/1/organisationId': 'formError.duplicate',
      signedOn: 'formError.signedOn',
    });
  });

  it("words a bad period, and keeps the server's words when it knows none", () => {
    const error = problem('VALIDATION_FAILED', [
      { pointer: '/body/targets/3/period', detail: "quarter must be 1 to 4 in '2025Q5'" },
      { pointer: '/body/targets/4/value', detail: 'something new' },
    ]);
    expect(pointerMessages(t, error)).toEqual({
      'targets/3/period': 'formError.period',
      'targets/4/value': 'something new',
    });
    expect(pointerMessages(t, new Error('plain'))).toEqual({});
  });

  it('gives a reference already used its own summary sentence, and leaves other errors alone', () => {
    const taken = problem('IDENTIFIER_TAKEN', [{ pointer: '/body/reference', detail: 'is already used' }]);
    const summary = summaryError(t, taken);
    expect(isApiError(summary) && [summary.code, summary.detail, summary.errors.length]).toEqual([
      'REFERENCE_TAKEN',
      'formError.referenceTaken',
      1,
    ]);
    const other = problem('UNPROCESSABLE', []);
    expect(summaryError(t, other)).toBe(other);
  });
});
