/** The indicators' API calls and types, derived from the generated OpenAPI paths. */
import { api, request, send } from '../../api/client';
import type { BodyOf, ResponseOf } from '../../api/types';

export type IndicatorList = ResponseOf<'/api/indicators', 'get'>;
export type Indicator = IndicatorList['items'][number];
export type IndicatorDetail = ResponseOf<'/api/indicators/{idOrCode}', 'get'>;
export type IndicatorCreate = BodyOf<'/api/indicators', 'post'>;
export type IndicatorUpdate = BodyOf<'/api/indicators/{idOrCode}', 'patch'>;
export type Unit = Indicator['unit'];
export type Aggregation = Indicator['aggregation'];
export type Temporal = Indicator['temporal'];
export type Disaggregation = Indicator['disaggregations'][number];
export type Target = ResponseOf<'/api/indicators/{idOrCode}/targets', 'get'>['items'][number];
export type TargetInput = BodyOf<'/api/indicators/{idOrCode}/targets', 'put'>['targets'][number];

export const UNITS: readonly Unit[] = [
  'number',
  'persons',
  'actors',
  'mad',
  'percent',
  'kg',
  'm3',
  'tonnes',
  'hours',
  'days',
];
export const AGGREGATIONS: readonly Aggregation[] = ['sum', 'count', 'average', 'ratio'];
export const TEMPORALS: readonly Temporal[] = ['flow', 'stock'];
export const DISAGGREGATIONS: readonly Disaggregation[] = [
  'sex',
  'age_band',
  'disability',
  'area',
  'coastal',
];

export interface IndicatorFilters {
  q?: string;
  axis?: string;
  source?: 'reported' | 'computed';
  commitment?: string;
}

export const listIndicators = (filters: IndicatorFilters, offset = 0): Promise<IndicatorList> =>
  request(api.GET('/api/indicators', { params: { query: { ...filters, limit: 100, offset } } }));

export const getIndicator = (idOrCode: string): Promise<IndicatorDetail> =>
  request(api.GET('/api/indicators/{idOrCode}', { params: { path: { idOrCode } } }));

export const createIndicator = (body: IndicatorCreate) => request(api.POST('/api/indicators', { body }));

export const updateIndicator = (idOrCode: string, body: IndicatorUpdate) =>
  request(api.PATCH('/api/indicators/{idOrCode}', { params: { path: { idOrCode } }, body }));

export const setCommitmentIndicators = (commitmentId: string, indicatorIds: string[]) =>
  request(
    api.PUT('/api/commitments/{id}/indicators', {
      params: { path: { id: commitmentId } },
      body: { indicatorIds },
    }),
  );

export const listTargets = (idOrCode: string) =>
  request(api.GET('/api/indicators/{idOrCode}/targets', { params: { path: { idOrCode }, query: {} } }));

export const saveTargets = (idOrCode: string, targets: TargetInput[]) =>
  request(
    api.PUT('/api/indicators/{idOrCode}/targets', { params: { path: { idOrCode } }, body: { targets } }),
  );

export const deleteTarget = (idOrCode: string, targetId: string): Promise<void> =>
  send(
    api.DELETE('/api/indicators/{idOrCode}/targets/{targetId}', { params: { path: { idOrCode, targetId } } }),
  );
