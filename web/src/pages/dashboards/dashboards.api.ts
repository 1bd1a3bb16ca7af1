/**
 * The dashboards' API calls. PROVISIONAL: the conventions, indicators and analytics routes are being
 * written; until they are in the generated OpenAPI these types follow their TypeBox schemas and the
 * calls go through `getJson`. Switch each to `request(api.GET(...))` and `ResponseOf` as they land.
 */
import { api, request } from '../../api/client';
import { toApiError } from '../../api/errors';
import type { ResponseOf } from '../../api/types';
import type { Grain } from './periods';

export type Territory = ResponseOf<'/api/territories', 'get'>['items'][number];
export type TerritoryDetail = ResponseOf<'/api/territories/{code}', 'get'>;

export interface Milestone {
  id: string;
  commitmentId: string;
  titleFr: string;
  titleAr: string | null;
  dueOn: string;
  status: 'planned' | 'in_progress' | 'done' | 'cancelled';
  doneOn: string | null;
  position: number;
  overdue: boolean;
}

export interface Commitment {
  id: string;
  conventionId: string;
  organisationId: string;
  organisationNameFr: string;
  organisationNameAr: string | null;
  organisationAcronym: string | null;
  reference: string | null;
  titleFr: string;
  titleAr: string | null;
  axisCode: string;
  budgetCentimes: number | null;
  startsOn: string | null;
  endsOn: string | null;
  scope: 'national' | 'territories';
  territoryCodes: string[];
  status: 'active' | 'completed' | 'cancelled';
  overdue: boolean;
  milestones: Milestone[];
  milestonesDone: number;
  milestonesOverdue: number;
}

export interface Counts {
  commitments: number;
  commitmentsOverdue: number;
  budgetCentimes: number;
  milestones: number;
  milestonesDone: number;
  milestonesOverdue: number;
}

export interface ConventionSummary {
  id: string;
  reference: string;
  titleFr: string;
  titleAr: string | null;
  status: 'draft' | 'signed' | 'in_force' | 'closed';
  signedOn: string | null;
  isDemo: boolean;
  axisCodes: string[];
  counts: Counts;
}

export interface Convergence {
  territory: { code: string; level: string; nameFr: string; nameAr: string; parentCode: string | null };
  conventions: Array<ConventionSummary & { commitments: Commitment[] }>;
  totals: Counts;
}

export interface ConventionList {
  items: ConventionSummary[];
  total: number;
  nextCursor: string | null;
}

export interface Indicator {
  id: string;
  code: string;
  nameFr: string;
  nameAr: string;
  nameEn: string;
  unit: string;
  aggregation: 'sum' | 'count' | 'average' | 'ratio';
  disaggregations: string[];
  source: 'reported' | 'computed';
  axisCode: string | null;
  isDemo: boolean;
}

export interface AnalyticsRow {
  territoryCode: string | null;
  period: string;
  actual: number | null;
  target: number | null;
  baseline: number | null;
  progress: number | null;
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
  commitment?: string;
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
  params.set('format', format);
  return `/api/analytics/export?${params.toString()}`;
}
