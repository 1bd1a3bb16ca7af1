/**
 * The dashboards' API calls, typed from the generated OpenAPI `paths` (nothing copied by hand).
 * PROVISIONAL: the analytics route is being written; until it is in the generated OpenAPI its types
 * follow the description of GET /api/analytics and the call goes through `getJson`.
 */
import { api, request } from '../../api/client';
import { toApiError } from '../../api/errors';
import type { ResponseOf } from '../../api/types';
import type { Grain } from './periods';

export type Territory = ResponseOf<'/api/territories', 'get'>['items'][number];
export type TerritoryDetail = ResponseOf<'/api/territories/{code}', 'get'>;

export type Convergence = ResponseOf<'/api/territories/{code}/convergence', 'get'>;
export type ConventionList = ResponseOf<'/api/conventions', 'get'>;
export type ConventionSummary = ConventionList['items'][number];
export type Convention = ResponseOf<'/api/conventions/{id}', 'get'>;
export type Commitment = Convention['commitments'][number];
export type Milestone = Commitment['milestones'][number];
export type Counts = ConventionSummary['counts'];
export type Indicator = ResponseOf<'/api/indicators', 'get'>['items'][number];

export interface AnalyticsRow {
  territoryCode: string | null;
  period: string;
  actual: number | null;
  target: number | null;
  baseline: number | null;
  progressPercent: number | null;
  available: boolean;
}

export interface Analytics {
  rows: AnalyticsRow[];
}

export interface AnalyticsQuery {
  indicator: string;
  level: 'nation' | 'region' | 'province';
  grain: Grain;
  from: string;
  to: string;
  territory?: string;
  convention?: string;
}

async function getJson<T>(path: string, query: Record<string, string | undefined> = {}): Promise<T> {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, value);
  const search = params.toString();
  const response = await fetch(`${path}${search ? `?${search}` : ''}`, { credentials: 'same-origin' });
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) throw toApiError(response.status, body);
  return body as T;
}

const analyticsQuery = (q: AnalyticsQuery): Record<string, string | undefined> => ({ ...q });

export const getTerritory = (code: string): Promise<TerritoryDetail> =>
  request(api.GET('/api/territories/{code}', { params: { path: { code } } }));

export const listTerritories = (level: 'region' | 'province') =>
  request(api.GET('/api/territories', { params: { query: { level } } }));

export const getConvergence = (code: string) =>
  getJson<Convergence>(`/api/territories/${encodeURIComponent(code)}/convergence`);

export const listConventions = () => getJson<ConventionList>('/api/conventions', { limit: '200' });

export const listIndicators = () =>
  getJson<{ total: number; items: Indicator[] }>('/api/indicators', { limit: '500' });

export const listCommitmentIndicators = (commitment: string) =>
  getJson<{ total: number; items: Indicator[] }>('/api/indicators', { commitment, limit: '500' });

export const getAnalytics = (q: AnalyticsQuery) => getJson<Analytics>('/api/analytics', analyticsQuery(q));

/** Links to the analytics export of the same query. */
export function exportHref(format: 'csv' | 'xlsx', q: AnalyticsQuery): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(analyticsQuery(q)))
    if (value !== undefined) params.set(key, value);
  return `/api/analytics.${format}?${params.toString()}`;
}
