/** Indicator names and values in the UI language. */
import type { Language } from '../../i18n';
import { formatMad, formatNumber, intlLocale } from '../../i18n/format';

export function indicatorName(i: { nameFr: string; nameAr: string; nameEn: string }, lang: Language): string {
  if (lang === 'ar') return i.nameAr || i.nameFr;
  if (lang === 'en') return i.nameEn || i.nameFr;
  return i.nameFr;
}

/** A value in the indicator's unit: MAD from centimes, a ratio as a percentage, else a number. */
export function formatValue(value: number, unit: string, aggregation: string, lang: Language): string {
  if (aggregation === 'ratio') {
    return new Intl.NumberFormat(intlLocale(lang), { style: 'percent', maximumFractionDigits: 1 }).format(
      value,
    );
  }
  if (unit === 'mad') return formatMad(value, lang);
  return formatNumber(value, lang);
}
