/** Values of an indicator in its unit, formatted with the app's Intl helpers for the UI language. */
import type { Language } from '../../i18n';
import { formatMad, formatNumber, intlLocale } from '../../i18n/format';

export interface UnitInfo {
  unit: string;
  aggregation: string;
}

/** Percent of a target reached (already × 100), e.g. "87 %". */
export function formatProgress(percent: number, lang: Language): string {
  return new Intl.NumberFormat(intlLocale(lang), { style: 'percent', maximumFractionDigits: 0 }).format(
    percent / 100,
  );
}

/**
 * A value in the indicator's unit, as GET /api/analytics gives it: a percent indicator (a ratio in
 * percent included) is in percent (50.6 reads "50,6 %"); MAD amounts are integer centimes, shown in
 * dirhams by formatMad; other values are numbers rounded to two decimals, the unit named in the titles.
 */
export function formatValue(value: number, indicator: UnitInfo | undefined, lang: Language): string {
  if (indicator?.unit === 'percent') {
    return new Intl.NumberFormat(intlLocale(lang), { style: 'percent', maximumFractionDigits: 1 }).format(
      value / 100,
    );
  }
  if (indicator?.unit === 'mad') return formatMad(Math.round(value), lang);
  return formatNumber(Math.round(value * 100) / 100, lang);
}

/** The short form for a chart's axis: 600 k MAD, 1,2 k, 45 %. */
export function formatAxisValue(value: number, indicator: UnitInfo | undefined, lang: Language): string {
  const locale = intlLocale(lang);
  if (indicator?.unit === 'percent') {
    return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(value / 100);
  }
  if (indicator?.unit === 'mad') {
    return new Intl.NumberFormat(locale, { notation: 'compact', style: 'currency', currency: 'MAD' }).format(
      value / 100,
    );
  }
  return new Intl.NumberFormat(locale, { notation: 'compact' }).format(value);
}

/** A large MAD amount (centimes) in short form for a headline figure: "210 M MAD". */
export function formatMadShort(centimes: number, lang: Language): string {
  return new Intl.NumberFormat(intlLocale(lang), {
    notation: 'compact',
    style: 'currency',
    currency: 'MAD',
    maximumFractionDigits: 1,
  }).format(centimes / 100);
}
