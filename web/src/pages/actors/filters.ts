/** The registry list's filters as URL query parameters, so a filtered list can be bookmarked and shared. */
import type { ActorFilters } from './actors.api';
import { ACTOR_KINDS, ACTOR_STATUSES } from './fields';

const pick = <T extends string>(list: readonly T[], value: string | null): T | undefined =>
  list.find((item) => item === value);

const bool = (value: string | null): boolean | undefined =>
  value === 'true' ? true : value === 'false' ? false : undefined;

const text = (value: string | null): string | undefined => value?.trim() || undefined;

export function filtersFromParams(params: URLSearchParams): ActorFilters {
  const filters: ActorFilters = {
    q: text(params.get('q')),
    kind: pick(ACTOR_KINDS, params.get('kind')),
    region: text(params.get('region')),
    province: text(params.get('province')),
    branch: text(params.get('branch')),
    womenLed: bool(params.get('womenLed')),
    coastal: bool(params.get('coastal')),
    status: pick(ACTOR_STATUSES, params.get('status')),
    sort: pick(['name', 'created'] as const, params.get('sort')),
  };
  return Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined)) as ActorFilters;
}

export function paramsFromFilters(filters: ActorFilters): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  return params;
}
