import type { TFunction } from 'i18next';
import { isApiError } from '../api/errors';

/** A user-facing sentence for any thrown value: the translated code, else the server's detail. */
export function errorMessage(t: TFunction, error: unknown): string {
  if (isApiError(error)) {
    const key = `errors.${error.code}`;
    const translated = t(key, { defaultValue: '' });
    if (translated) return translated;
    return error.detail || error.title || t('errors.UNKNOWN');
  }
  return t('errors.UNKNOWN');
}
