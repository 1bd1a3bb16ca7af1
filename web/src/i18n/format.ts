/** Numbers, dates and MAD amounts formatted with Intl for the active UI language. */
import type { Language } from './index';

const INTL_LOCALE: Record<Language, string> = { fr: 'fr-MA', ar: 'ar-MA', en: 'en-GB' };

export function intlLocale(lang: Language): string {
  return INTL_LOCALE[lang];
}

export function formatNumber(value: number, lang: Language): string {
  return new Intl.NumberFormat(intlLocale(lang)).format(value);
}

/** Money is kept in integer centimes; this shows dirhams with the locale's currency style. */
export function formatMad(centimes: number, lang: Language): string {
  return new Intl.NumberFormat(intlLocale(lang), { style: 'currency', currency: 'MAD' }).format(
    centimes / 100,
  );
}

export function formatDate(iso: string, lang: Language): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(intlLocale(lang), { dateStyle: 'medium' }).format(date);
}

export function formatDateTime(iso: string, lang: Language): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(intlLocale(lang), { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}
