import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { errorMessage, fieldMessages } from '../components/errorMessage';
import ar from '../i18n/ar.json';
import fr from '../i18n/fr.json';
import { ApiError, toApiError } from './errors';

const i18n = i18next.createInstance();
await i18n.init({
  lng: 'fr',
  resources: { fr: { translation: fr }, ar: { translation: ar } },
  initAsync: false,
});
const t = i18n.getFixedT('fr');
const tAr = i18n.getFixedT('ar');

describe('toApiError', () => {
  it('reads a problem+json body, field pointers included', () => {
    const error = toApiError(400, {
      type: 'urn:nasij:problem:validation_failed',
      title: 'Invalid request',
      status: 400,
      detail: 'The request has 2 invalid field(s)',
      code: 'VALIDATION_FAILED',
      requestId: 'r-1',
      errors: [
        { pointer: '/body/email', detail: 'must match format "email"' },
        { pointer: '/body/password', detail: 'must be at least 12 characters' },
        { pointer: '/body/email', detail: 'second problem on the same field' },
        { pointer: '/querystring/limit', detail: 'must be <= 500' },
      ],
    });
    expect(error).toBeInstanceOf(ApiError);
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.requestId).toBe('r-1');
    expect(error.fieldErrors()).toEqual({
      email: 'must match format "email"',
      password: 'must be at least 12 characters',
    });
    expect(error.fieldErrors('/querystring')).toEqual({ limit: 'must be <= 500' });
  });

  it('copes with a body that is not a problem', () => {
    expect(toApiError(502, '<html>Bad gateway</html>').code).toBe('INTERNAL');
    expect(toApiError(418, null).code).toBe('UNKNOWN');
    expect(toApiError(418, null).errors).toEqual([]);
  });
});

describe('messages shown to the user', () => {
  it('translates a known code and falls back to the server detail for an unknown one', () => {
    expect(errorMessage(t, new ApiError({ status: 409, code: 'EMAIL_TAKEN', title: 'x' }))).toBe(
      'Cette adresse e-mail est déjà utilisée.',
    );
    expect(errorMessage(t, new ApiError({ status: 409, code: 'NEW_CODE', title: 'T', detail: 'D' }))).toBe(
      'D',
    );
    expect(errorMessage(t, new Error('boom'))).toBe('Une erreur inattendue est survenue.');
  });

  it('puts each field error in the UI language where the server message has a known shape', () => {
    const error = toApiError(400, {
      code: 'VALIDATION_FAILED',
      title: 'Invalid',
      errors: [
        { pointer: '/body/email', detail: 'must match format "email"' },
        { pointer: '/body/password', detail: 'must be at least 12 characters' },
        { pointer: '/body/displayName', detail: 'must NOT have fewer than 1 characters' },
        { pointer: '/body/organisationId', detail: 'a user with role actor must belong to an organisation' },
      ],
    });
    expect(fieldMessages(t, error)).toEqual({
      email: 'Saisissez une adresse e-mail valide.',
      password: 'Au moins 12 caractères.',
      displayName: 'Ce champ est obligatoire.',
      organisationId: 'a user with role actor must belong to an organisation',
    });
    expect(fieldMessages(tAr, error).email).toBe('أدخل بريدًا إلكترونيًا صالحًا.');
  });

  it('uses the code wording at the field for a specific code such as EMAIL_TAKEN', () => {
    const error = toApiError(409, {
      code: 'EMAIL_TAKEN',
      title: 'Email already used',
      errors: [{ pointer: '/body/email', detail: 'a@b.ma already has an account' }],
    });
    expect(fieldMessages(t, error)).toEqual({ email: 'Cette adresse e-mail est déjà utilisée.' });
  });
});
