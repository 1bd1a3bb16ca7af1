/**
 * The conventions' API calls and types. Kept beside the pages so they ship in their own chunks.
 */
import { api, request, send } from '../../api/client';
import type { BodyOf, ResponseOf } from '../../api/types';
import { postMultipart } from './upload';

export type Axis = ResponseOf<'/api/axes', 'get'>['items'][number];
export type Partner = ResponseOf<'/api/partners', 'get'>['items'][number];
export type ConventionList = ResponseOf<'/api/conventions', 'get'>;
export type ConventionListItem = ConventionList['items'][number];
export type Convention = ResponseOf<'/api/conventions/{id}', 'get'>;
export type ConventionStatus = Convention['status'];
export type Party = Convention['parties'][number];
export type Signatory = Convention['signatories'][number];
export type ConventionDocument = Convention['documents'][number];
export type DocumentKind = ConventionDocument['kind'];
export type Commitment = Convention['commitments'][number];
export type CommitmentStatus = Commitment['status'];
export type Milestone = Commitment['milestones'][number];
export type MilestoneStatus = Milestone['status'];
export type CommitmentDetail = ResponseOf<'/api/commitments/{id}', 'get'>;
export type ConventionCreate = BodyOf<'/api/conventions', 'post'>;
export type ConventionUpdate = BodyOf<'/api/conventions/{id}', 'patch'>;
export type CommitmentCreate = BodyOf<'/api/conventions/{id}/commitments', 'post'>;
export type CommitmentUpdate = BodyOf<'/api/commitments/{id}', 'patch'>;
export type CommitmentInput = CommitmentCreate;
export type MilestoneInput = BodyOf<'/api/commitments/{id}/milestones', 'post'>;
export type MilestoneUpdate = BodyOf<'/api/milestones/{id}', 'patch'>;

export const CONVENTION_STATUSES: readonly ConventionStatus[] = ['draft', 'signed', 'in_force', 'closed'];
export const MILESTONE_STATUSES: readonly MilestoneStatus[] = ['planned', 'in_progress', 'done', 'cancelled'];
export const COMMITMENT_STATUSES: readonly CommitmentStatus[] = ['active', 'completed', 'cancelled'];
export const DOCUMENT_KINDS: readonly DocumentKind[] = [
  'signed_convention',
  'annex',
  'amendment',
  'report',
  'other',
];

export interface ConventionFilters {
  q?: string;
  status?: ConventionStatus;
  axis?: string;
  partner?: string;
  territory?: string;
}

export const listAxes = () => request(api.GET('/api/axes'));

export const listPartners = () => request(api.GET('/api/partners', { params: { query: {} } }));

export const listConventions = (filters: ConventionFilters, cursor?: string): Promise<ConventionList> =>
  request(
    api.GET('/api/conventions', {
      params: { query: { ...filters, limit: 50, ...(cursor ? { cursor } : {}) } },
    }),
  );

export const getConvention = (id: string): Promise<Convention> =>
  request(api.GET('/api/conventions/{id}', { params: { path: { id } } }));

export const createConvention = (body: ConventionCreate) => request(api.POST('/api/conventions', { body }));

export const updateConvention = (id: string, body: ConventionUpdate) =>
  request(api.PATCH('/api/conventions/{id}', { params: { path: { id } }, body }));

export const deleteConvention = (id: string): Promise<void> =>
  send(api.DELETE('/api/conventions/{id}', { params: { path: { id } } }));

export const uploadDocument = (
  conventionId: string,
  file: File,
  fields: { title: string; kind: DocumentKind },
  csrfToken: string | null,
): Promise<ConventionDocument> =>
  postMultipart(`/api/conventions/${encodeURIComponent(conventionId)}/documents`, file, fields, csrfToken);

export const deleteDocument = (conventionId: string, documentId: string): Promise<void> =>
  send(
    api.DELETE('/api/conventions/{id}/documents/{documentId}', {
      params: { path: { id: conventionId, documentId } },
    }),
  );

export const createCommitment = (conventionId: string, body: CommitmentCreate) =>
  request(api.POST('/api/conventions/{id}/commitments', { params: { path: { id: conventionId } }, body }));

export const getCommitment = (id: string): Promise<CommitmentDetail> =>
  request(api.GET('/api/commitments/{id}', { params: { path: { id } } }));

export const updateCommitment = (id: string, body: CommitmentUpdate) =>
  request(api.PATCH('/api/commitments/{id}', { params: { path: { id } }, body }));

export const deleteCommitment = (id: string): Promise<void> =>
  send(api.DELETE('/api/commitments/{id}', { params: { path: { id } } }));

export const addMilestone = (commitmentId: string, body: MilestoneInput) =>
  request(api.POST('/api/commitments/{id}/milestones', { params: { path: { id: commitmentId } }, body }));

export const updateMilestone = (id: string, body: MilestoneUpdate) =>
  request(api.PATCH('/api/milestones/{id}', { params: { path: { id } }, body }));

export const deleteMilestone = (id: string): Promise<void> =>
  send(api.DELETE('/api/milestones/{id}', { params: { path: { id } } }));
