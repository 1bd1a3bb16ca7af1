/** The conventions list's filters as URL query parameters, so a filtered list can be bookmarked. */
import { CONVENTION_STATUSES, type ConventionFilters } from './conventions.api';

const text = (value: string | null): string | undefined => value?.trim() || undefined;

export function filtersFromParams(params: URLSearchParams): ConventionFilters {
  const filters: ConventionFilters = {
    q: text(params.get('q')),
    status: CONVENTION_STATUSES.find((s) => s === params.get('status')),
    axis: text(params.get('axis')),
    partner: text(params.get('partner')),
    territory: text(params.get('territory')),
  };
  return Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined));
}

export function paramsFromFilters(filters: ConventionFilters): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) {
    if (typeof value === 'string' && value !== '') params.set(key, value);
  }
  return params;
}
