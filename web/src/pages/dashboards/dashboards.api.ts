/** The dashboards' API calls, typed from the generated OpenAPI `paths` (nothing copied by hand). */
import { api, request } from '../../api/client';
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
export type Analytics = ResponseOf<'/api/analytics', 'get'>;
export type AnalyticsRow = Analytics['rows'][number];

/** The analytics queries the dashboards make: the route's, without axis or partner. */
export interface AnalyticsQuery {
  indicator: string;
  level: 'nation' | 'region' | 'province';
  grain: Grain;
  from: string;
  to: string;
  territory?: string;
  convention?: string;
  breakdown?: NonNullable<Analytics['breakdown']>;
  values?: string;
}

export const getTerritory = (code: string): Promise<TerritoryDetail> =>
  request(api.GET('/api/territories/{code}', { params: { path: { code } } }));

export const listTerritories = (level: 'region' | 'province') =>
  request(api.GET('/api/territories', { params: { query: { level } } }));

export const getConvergence = (code: string): Promise<Convergence> =>
  request(api.GET('/api/territories/{code}/convergence', { params: { path: { code } } }));

export const listConventions = (): Promise<ConventionList> =>
  request(api.GET('/api/conventions', { params: { query: { limit: 200 } } }));

export const listIndicators = () =>
  request(api.GET('/api/indicators', { params: { query: { limit: 500 } } }));

export const listCommitmentIndicators = (commitment: string) =>
  request(api.GET('/api/indicators', { params: { query: { commitment, limit: 500 } } }));

export const getAnalytics = (query: AnalyticsQuery): Promise<Analytics> =>
  request(api.GET('/api/analytics', { params: { query } }));

/** Links to the analytics export (GET /api/analytics.csv|xlsx) of the same query. */
export function exportHref(format: 'csv' | 'xlsx', q: AnalyticsQuery): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(q)) if (value !== undefined) params.set(key, value);
  return `/api/analytics.${format}?${params.toString()}`;
}
