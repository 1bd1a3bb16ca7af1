/** The indicator and period selection of a dashboard, kept in the URL so that a view can be shared. */
import { GRAINS, type Grain, periodBounds } from './periods';

export type MapLevel = 'region' | 'province';

export interface Selection {
  indicator: string | null;
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
    level: level === 'province' ? 'province' : 'region',
    grain: (GRAINS as readonly string[]).includes(grain ?? '') ? (grain as Grain) : 'year',
    fromYear,
    toYear,
  };
}

export function paramsFromSelection(s: Selection): URLSearchParams {
  const params = new URLSearchParams();
  if (s.indicator) params.set('indicator', s.indicator);
  params.set('level', s.level);
  params.set('grain', s.grain);
  params.set('from', String(s.fromYear));
  params.set('to', String(s.toYear));
  return params;
}

export function bounds(s: Selection) {
  return periodBounds(s.grain, s.fromYear, s.toYear);
}
