import type { TFunction } from 'i18next';
import { isApiError } from '../api/errors';

/** A user-facing sentence for any thrown value: the translated code, else the server's detail. */
export function errorMessage(t: TFunction, error: unknown): string {
  if (isApiError(error)) {
    const translated = t(`errors.${error.code}`, { defaultValue: '' });
    if (translated) return translated;
    return error.detail || error.title || t('errors.UNKNOWN');
  }
  return t('errors.UNKNOWN');
}

/** The server's field messages follow a few fixed shapes (schema validation); these get our words. */
const FIELD_DETAILS: { pattern: RegExp; message: (t: TFunction, match: RegExpMatchArray) => string }[] = [
  { pattern: /^is required$/, message: (t) => t('fieldError.required') },
  { pattern: /must match format "email"/, message: (t) => t('fieldError.email') },
  { pattern: /must match pattern/, message: (t) => t('fieldError.pattern') },
  { pattern: /is not a known field/, message: (t) => t('fieldError.unknownField') },
  {
    pattern: /(?:must NOT have fewer than|must be at least) (\d+) characters?/,
    message: (t, m) => (m[1] === '1' ? t('fieldError.required') : t('fieldError.minLength', { n: m[1] })),
  },
  {
    pattern: /(?:must NOT have more than|must be at most) (\d+) characters?/,
    message: (t, m) => t('fieldError.maxLength', { n: m[1] }),
  },
];

function fieldMessage(t: TFunction, detail: string): string {
  for (const { pattern, message } of FIELD_DETAILS) {
    const match = detail.match(pattern);
    if (match) return message(t, match);
  }
  return detail;
}

/**
 * Messages to show next to each form field, keyed by field name (`/body/email` -> `email`).
 * A specific code (EMAIL_TAKEN...) reads better than the server's detail, so it wins.
 */
export function fieldMessages(t: TFunction, error: unknown): Record<string, string> {
  if (!isApiError(error)) return {};
  const raw = error.fieldErrors();
  const byCode = error.code === 'VALIDATION_FAILED' ? '' : t(`errors.${error.code}`, { defaultValue: '' });
  return Object.fromEntries(
    Object.entries(raw).map(([field, detail]) => [field, byCode || fieldMessage(t, detail)]),
  );
}
