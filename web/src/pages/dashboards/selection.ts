/** The indicator and period selection of a dashboard, kept in the URL so that a view can be shared. */
import { GRAINS, type Grain, periodBounds } from './periods';

export type MapLevel = 'region' | 'province';

/** The values of each disaggregation (indicator_report_values' columns, 'all' aside). */
export const BREAKDOWN_VALUES = {
  sex: ['female', 'male'],
  age_band: ['youth', 'adult', 'elderly'],
  disability: ['yes', 'no'],
  area: ['urban', 'rural'],
  coastal: ['yes', 'no'],
} as const;
export type Breakdown = keyof typeof BREAKDOWN_VALUES;

/** Only one value of one disaggregation ('sex:female'), or everyone. */
export interface Only {
  breakdown: Breakdown;
  value: string;
}

export function parseOnly(text: string | null): Only | null {
  const [breakdown, value] = (text ?? '').split(':');
  if (!breakdown || !value || !(breakdown in BREAKDOWN_VALUES)) return null;
  const values: readonly string[] = BREAKDOWN_VALUES[breakdown as Breakdown];
  return values.includes(value) ? { breakdown: breakdown as Breakdown, value } : null;
}

export interface Selection {
  indicator: string | null;
  /** 'sex:female' and the like; null for everyone. */
  only: string | null;
  level: MapLevel;
  grain: Grain;
  fromYear: number;
  toYear: number;
}

export const YEARS = [2023, 2024, 2025, 2026, 2027] as const;
const DEFAULT_FROM = 2025;
const DEFAULT_TO = 2026;

function year(value: string | null, fallback: number): number {
  const n = Number(value);
  return (YEARS as readonly number[]).includes(n) ? n : fallback;
}

export function selectionFromParams(params: URLSearchParams): Selection {
  const grain = params.get('grain');
  const level = params.get('level');
  const fromYear = year(params.get('from'), DEFAULT_FROM);
  const toYear = Math.max(fromYear, year(params.get('to'), DEFAULT_TO));
  return {
    indicator: params.get('indicator'),
    only: parseOnly(params.get('only')) ? params.get('only') : null,
    level: level === 'province' ? 'province' : 'region',
    grain: (GRAINS as readonly string[]).includes(grain ?? '') ? (grain as Grain) : 'year',
    fromYear,
    toYear,
  };
}

export function paramsFromSelection(s: Selection): URLSearchParams {
  const params = new URLSearchParams();
  if (s.indicator) params.set('indicator', s.indicator);
  if (s.only) params.set('only', s.only);
  params.set('level', s.level);
  params.set('grain', s.grain);
  params.set('from', String(s.fromYear));
  params.set('to', String(s.toYear));
  return params;
}

export function bounds(s: Selection) {
  return periodBounds(s.grain, s.fromYear, s.toYear);
}

/** The filter of the selection if the indicator has that disaggregation, as analytics query fields. */
export function onlyQuery(
  s: Selection,
  disaggregations: readonly string[],
): { breakdown?: Breakdown; values?: string } {
  const only = parseOnly(s.only);
  if (!only || !disaggregations.includes(only.breakdown)) return {};
  return { breakdown: only.breakdown, values: only.value };
}
