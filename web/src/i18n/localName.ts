/** Picks the name written in the UI language's script, falling back to the other script. */
import type { Language } from './index';

export interface BilingualName {
  nameFr?: string | null;
  nameAr?: string | null;
}

export function localName(record: BilingualName, lang: Language): string {
  const fr = record.nameFr?.trim() || '';
  const ar = record.nameAr?.trim() || '';
  return lang === 'ar' ? ar || fr : fr || ar;
}

/** Same rule for `{ fr, ar }` pairs such as the session's organisation name. */
export function localPair(pair: { fr: string | null; ar: string | null } | null, lang: Language): string {
  if (!pair) return '';
  return localName({ nameFr: pair.fr, nameAr: pair.ar }, lang);
}
