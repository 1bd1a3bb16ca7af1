/**
 * Server field errors of the convention and indicator forms, keyed by their full JSON pointer under
 * /body (`parties/1/organisationId`, `targets/3/period`), in the UI language where the message is
 * one we know, else the server's own words. Rows of a list find their errors by their index.
 */
import type { TFunction } from 'i18next';
import { ApiError, isApiError } from '../../api/errors';

const DETAILS: Array<{
  pattern: RegExp;
  key: string;
  vars?: (m: RegExpMatchArray) => Record<string, string>;
}> = [
  {
    pattern: /^is required$|must have required property|must NOT have fewer than 1 char/,
    key: 'fieldError.required',
  },
  { pattern: /is already used|already registered|already taken/, key: 'formError.taken' },
  { pattern: /needs its signature date/, key: 'formError.signedOn' },
  { pattern: /ends before it starts/, key: 'formError.endsBeforeStart' },
  { pattern: /a draft cannot be published/, key: 'formError.draftPublished' },
  { pattern: /cannot go back to/, key: 'formError.statusBack' },
  { pattern: /listed twice|duplicate/i, key: 'formError.duplicate' },
  { pattern: /cannot be a party/, key: 'formError.notAParty' },
  { pattern: /signs for one of the parties/, key: 'formError.signatoryParty' },
  { pattern: /has commitments in this convention/, key: 'formError.partyHasCommitments' },
  {
    pattern: /unknown territory|not a known territory|unknown region or province/i,
    key: 'formError.territory',
  },
  {
    pattern: /is not a period|quarter must be 1 to 4|month must be 01 to 12|in '[^']*' is outside/,
    key: 'formError.period',
  },
  { pattern: /must match format "date"|YYYY-MM-DD/, key: 'formError.date' },
  { pattern: /must match pattern/, key: 'fieldError.pattern' },
  {
    pattern: /(?:must NOT have more than|must be at most) (\d+) characters?/,
    key: 'fieldError.maxLength',
    vars: (m) => ({ n: m[1] ?? '' }),
  },
  { pattern: /must be (?:integer|number)|Expected (?:integer|number)/i, key: 'formError.number' },
  { pattern: /must be >= 0|minimum/, key: 'formError.negative' },
];

function translate(t: TFunction, detail: string): string {
  for (const d of DETAILS) {
    const match = detail.match(d.pattern);
    if (match) return t(d.key, d.vars ? d.vars(match) : {});
  }
  return detail;
}

/** `{ 'parties/1/organisationId': 'message', reference: 'message' }` for a failed save. */
export function pointerMessages(t: TFunction, error: unknown): Record<string, string> {
  if (!isApiError(error)) return {};
  const out: Record<string, string> = {};
  for (const e of error.errors) {
    if (!e.pointer.startsWith('/body/')) continue;
    const path = e.pointer.slice('/body/'.length);
    if (!(path in out)) out[path] = translate(t, e.detail);
  }
  return out;
}

/** The pointers a form shows itself: the summary lists the others. */
export function shownPointers(messages: Record<string, string>): string[] {
  return Object.keys(messages);
}

/**
 * The error as the form's summary should word it: the registry's IDENTIFIER_TAKEN sentence speaks
 * of actors, so a reference already used by another convention or commitment gets its own.
 */
export function summaryError(t: TFunction, error: unknown): unknown {
  if (!isApiError(error) || error.code !== 'IDENTIFIER_TAKEN') return error;
  return new ApiError({
    status: error.status,
    code: 'REFERENCE_TAKEN',
    title: error.title,
    detail: t('formError.referenceTaken'),
    errors: error.errors,
    requestId: error.requestId,
  });
}
