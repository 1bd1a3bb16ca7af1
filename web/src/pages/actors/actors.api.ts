/**
 * The registry's API calls and types, derived from the generated OpenAPI `paths` (nothing copied
 * by hand). Kept beside the registry pages so that they ship in the registry's own chunks.
 */
import { api, request, send } from '../../api/client';
import { ApiError, toApiError } from '../../api/errors';
import type { BodyOf, ResponseOf } from '../../api/types';

export type Actor = ResponseOf<'/api/actors/{id}', 'get'>;
export type ActorKind = Actor['kind'];
export type ActorStatus = Actor['status'];
export type ActorPage = ResponseOf<'/api/actors', 'get'>;
export type ActorListItem = ActorPage['items'][number];
export type ActorSaved = ResponseOf<'/api/actors', 'post'>;
export type ActorCreate = BodyOf<'/api/actors', 'post'>;
export type ActorUpdate = BodyOf<'/api/actors/{id}', 'patch'>;
export type HistoryEntry = ResponseOf<'/api/actors/{id}/history', 'get'>['items'][number];
export type ChangeRequest = ResponseOf<'/api/actor-change-requests', 'get'>['items'][number];
export type LikelyDuplicates = ResponseOf<'/api/actors/duplicates/check', 'post'>;
export type LikelyDuplicate = LikelyDuplicates['items'][number];
export type DuplicateReason = LikelyDuplicate['reasons'][number];
export type DuplicatePair = ResponseOf<'/api/actors/duplicates', 'get'>['items'][number];
export type MergeBody = BodyOf<'/api/actors/merge', 'post'>;
export type MergeField = MergeBody['take'][number];
export type MergeResult = ResponseOf<'/api/actors/merge', 'post'>;
export type Territory = ResponseOf<'/api/territories', 'get'>['items'][number];
export type TerritoryList = ResponseOf<'/api/territories', 'get'>;
export type Branch = ResponseOf<'/api/nomenclature', 'get'>['items'][number];
export type ImportReport = ResponseOf<'/api/actors/import', 'post'>;

/** The list filters as the API takes them (also the export's filters, minus paging and search). */
export interface ActorFilters {
  q?: string;
  kind?: ActorKind;
  region?: string;
  province?: string;
  branch?: string;
  womenLed?: boolean;
  coastal?: boolean;
  status?: ActorStatus;
  sort?: 'name' | 'created';
}

export const listActors = (filters: ActorFilters, cursor?: string): Promise<ActorPage> =>
  request(
    api.GET('/api/actors', { params: { query: { ...filters, limit: 50, ...(cursor ? { cursor } : {}) } } }),
  );

export const getActor = (id: string): Promise<Actor> =>
  request(api.GET('/api/actors/{id}', { params: { path: { id } } }));

export const createActor = (body: ActorCreate): Promise<ActorSaved> =>
  request(api.POST('/api/actors', { body }));

export const updateActor = (id: string, body: ActorUpdate): Promise<ActorSaved> =>
  request(api.PATCH('/api/actors/{id}', { params: { path: { id } }, body }));

export const actorHistory = (id: string) =>
  request(api.GET('/api/actors/{id}/history', { params: { path: { id } } }));

export const listChangeRequests = (status: 'pending' | 'approved' | 'rejected') =>
  request(api.GET('/api/actor-change-requests', { params: { query: { status } } }));

export const decideChangeRequest = (id: string, approve: boolean, note: string | null) =>
  request(
    api.POST('/api/actor-change-requests/{id}/decision', {
      params: { path: { id } },
      body: { approve, note },
    }),
  );

export const checkDuplicates = (body: ActorCreate): Promise<LikelyDuplicates> =>
  request(api.POST('/api/actors/duplicates/check', { body }));

export const listDuplicatePairs = () =>
  request(api.GET('/api/actors/duplicates', { params: { query: { status: 'open', limit: 200 } } }));

export const scanDuplicates = () => request(api.POST('/api/actors/duplicates/scan'));

export const dismissDuplicatePair = (id: string): Promise<void> =>
  send(api.POST('/api/actors/duplicates/{id}/dismiss', { params: { path: { id } } }));

export const mergeActors = (body: MergeBody): Promise<MergeResult> =>
  request(api.POST('/api/actors/merge', { body }));

export const undoMerge = (id: string): Promise<void> =>
  send(api.POST('/api/actors/merges/{id}/undo', { params: { path: { id } } }));

export const listTerritories = (level: 'region' | 'province'): Promise<TerritoryList> =>
  request(api.GET('/api/territories', { params: { query: { level } } }));

export const getNomenclature = () => request(api.GET('/api/nomenclature'));

/** Query string of the export links: the list filters, without search, sort and paging. */
export function exportHref(format: 'csv' | 'xlsx', filters: ActorFilters): string {
  const params = new URLSearchParams();
  for (const key of ['kind', 'region', 'province', 'branch', 'womenLed', 'coastal', 'status'] as const) {
    const value = filters[key];
    if (value !== undefined) params.set(key, String(value));
  }
  const query = params.toString();
  return `/api/actors/export.${format}${query ? `?${query}` : ''}`;
}

/**
 * Uploads an import file with progress. XMLHttpRequest rather than fetch: only it reports upload
 * progress. The CSRF token is the session's, passed by the caller.
 */
export function uploadImport(
  file: File,
  options: { csrfToken: string | null; dryRun: boolean; onProgress: (fraction: number) => void },
): Promise<ImportReport> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/actors/import${options.dryRun ? '?dryRun=true' : ''}`);
    xhr.withCredentials = true;
    if (options.csrfToken) xhr.setRequestHeader('x-csrf-token', options.csrfToken);
    xhr.responseType = 'text';
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) options.onProgress(event.loaded / event.total);
    };
    xhr.onerror = () => reject(new ApiError({ status: 0, code: 'NETWORK', title: 'Network error' }));
    xhr.onload = () => {
      let body: unknown;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = xhr.responseText;
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as ImportReport);
      else reject(toApiError(xhr.status, body));
    };
    const form = new FormData();
    form.append('file', file);
    xhr.send(form);
  });
}
