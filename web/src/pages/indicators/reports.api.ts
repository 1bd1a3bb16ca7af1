/** The reporting workflow's API calls and types, derived from the generated OpenAPI paths. */
import { api, request } from '../../api/client';
import type { BodyOf, ResponseOf } from '../../api/types';
import { postMultipart } from '../conventions/upload';

export type ReportList = ResponseOf<'/api/indicator-reports', 'get'>;
export type ReportSummary = ReportList['items'][number];
export type ReportStatus = ReportSummary['status'];
export type Report = ResponseOf<'/api/indicator-reports/{id}', 'get'>;
export type ReportCell = Report['values'][number];
export type ReportCorrection = BodyOf<'/api/indicator-reports/{id}', 'put'>;
export type CellInput = ReportCorrection['values'][number];

/** The JSON of the `report` field of a submission (the server checks it as it checks a body). */
export interface ReportSubmission {
  indicatorId: string;
  commitmentId: string;
  territoryCode: string | null;
  period: string;
  note?: string | null;
  values: CellInput[];
}

export const REPORT_STATUSES: readonly ReportStatus[] = ['submitted', 'returned', 'validated'];

export interface ReportFilters {
  status?: ReportStatus;
  commitment?: string;
  indicator?: string;
}

export const listReports = (filters: ReportFilters, offset = 0): Promise<ReportList> =>
  request(api.GET('/api/indicator-reports', { params: { query: { ...filters, limit: 100, offset } } }));

export const getReport = (id: string): Promise<Report> =>
  request(api.GET('/api/indicator-reports/{id}', { params: { path: { id } } }));

export const submitReport = (report: ReportSubmission, evidence: File | null, csrfToken: string | null) =>
  postMultipart<Report>('/api/indicator-reports', evidence, { report: JSON.stringify(report) }, csrfToken, {
    fileField: 'evidence',
  });

/** A correction: multipart when a new evidence PDF comes with it, else plain JSON (the evidence is kept). */
export const correctReport = (
  id: string,
  correction: ReportCorrection,
  evidence: File | null,
  csrfToken: string | null,
): Promise<Report> =>
  evidence
    ? postMultipart<Report>(
        `/api/indicator-reports/${encodeURIComponent(id)}`,
        evidence,
        { report: JSON.stringify(correction) },
        csrfToken,
        { method: 'PUT', fileField: 'evidence' },
      )
    : request(api.PUT('/api/indicator-reports/{id}', { params: { path: { id } }, body: correction }));

export const validateReport = (id: string, version: number) =>
  request(api.POST('/api/indicator-reports/{id}/validate', { params: { path: { id } }, body: { version } }));

export const returnReport = (id: string, version: number, comment: string) =>
  request(
    api.POST('/api/indicator-reports/{id}/return', { params: { path: { id } }, body: { version, comment } }),
  );

export const evidenceHref = (id: string) => `/api/indicator-reports/${encodeURIComponent(id)}/evidence`;

const SEX = ['female', 'male'] as const;
const AGE_BAND = ['youth', 'adult', 'elderly'] as const;
const YES_NO = ['yes', 'no'] as const;
const AREA = ['urban', 'rural'] as const;

/** One cell as the API types it, from the grid's dimension values and the numbers typed. */
export function cellInput(
  dims: Partial<Record<'sex' | 'ageBand' | 'disability' | 'area' | 'coastal', string>>,
  numbers: { value?: number | undefined; numerator?: number | undefined; denominator?: number | undefined },
): CellInput {
  const pick = <T extends string>(list: readonly T[], value: string | undefined) =>
    list.find((v) => v === value);
  const cell: CellInput = {};
  if (dims.sex) cell.sex = pick(SEX, dims.sex);
  if (dims.ageBand) cell.ageBand = pick(AGE_BAND, dims.ageBand);
  if (dims.disability) cell.disability = pick(YES_NO, dims.disability);
  if (dims.area) cell.area = pick(AREA, dims.area);
  if (dims.coastal) cell.coastal = pick(YES_NO, dims.coastal);
  if (numbers.value !== undefined) cell.value = numbers.value;
  if (numbers.numerator !== undefined) cell.numerator = numbers.numerator;
  if (numbers.denominator !== undefined) cell.denominator = numbers.denominator;
  return cell;
}
