/** The period selector's choices and how periods ('2025', '2025Q3', '2025-07') read in the UI. */
import type { TFunction } from 'i18next';
import type { Language } from '../../i18n';
import { intlLocale } from '../../i18n/format';

export const GRAINS = ['year', 'quarter', 'month'] as const;
export type Grain = (typeof GRAINS)[number];

/** First and last period of a span of years at a grain: 2025..2026 by quarter is 2025Q1..2026Q4. */
export function periodBounds(grain: Grain, fromYear: number, toYear: number): { from: string; to: string } {
  if (grain === 'quarter') return { from: `${fromYear}Q1`, to: `${toYear}Q4` };
  if (grain === 'month') return { from: `${fromYear}-01`, to: `${toYear}-12` };
  return { from: String(fromYear), to: String(toYear) };
}

/** Every period of the span, in order, so that a period without data still has its row. */
export function periodsBetween(grain: Grain, fromYear: number, toYear: number): string[] {
  const periods: string[] = [];
  for (let year = fromYear; year <= toYear; year += 1) {
    if (grain === 'year') periods.push(String(year));
    else if (grain === 'quarter') for (let q = 1; q <= 4; q += 1) periods.push(`${year}Q${q}`);
    else for (let m = 1; m <= 12; m += 1) periods.push(`${year}-${String(m).padStart(2, '0')}`);
  }
  return periods;
}

export function periodLabel(period: string, t: TFunction, lang: Language): string {
  const quarter = /^(\d{4})Q([1-4])$/.exec(period);
  if (quarter) return t('dash.quarter', { year: quarter[1], quarter: quarter[2] });
  const month = /^(\d{4})-(\d{2})$/.exec(period);
  if (month) {
    const date = new Date(Date.UTC(Number(month[1]), Number(month[2]) - 1, 1));
    return new Intl.DateTimeFormat(intlLocale(lang), {
      month: 'short',
      year: 'numeric',
      timeZone: 'UTC',
    }).format(date);
  }
  return period;
}
