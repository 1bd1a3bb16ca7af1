/** The programmes module's API calls and types, derived from the generated OpenAPI paths. */
import { api, request, send } from '../../api/client';
import type { BodyOf, ResponseOf } from '../../api/types';
import type { Language } from '../../i18n';

export type ProgrammeList = ResponseOf<'/api/programmes', 'get'>;
export type Programme = ProgrammeList['items'][number];
export type CallList = ResponseOf<'/api/calls', 'get'>;
export type Call = ResponseOf<'/api/calls/{id}', 'get'>;
export type FormField = Call['formFields'][number];
export type Application = ResponseOf<'/api/applications/{id}', 'get'>;
export type ApplicationList = ResponseOf<'/api/applications', 'get'>;
export type ApplicationCreate = BodyOf<'/api/calls/{id}/applications', 'post'>;
export type Preview = ResponseOf<'/api/calls/{id}/eligibility-preview', 'post'>;
export type NotificationList = ResponseOf<'/api/notifications', 'get'>;

export const listProgrammes = (): Promise<ProgrammeList> => request(api.GET('/api/programmes', {}));

export const getProgramme = (id: string): Promise<Programme> =>
  request(api.GET('/api/programmes/{id}', { params: { path: { id } } }));

export const listCalls = (programmeId?: string): Promise<CallList> =>
  request(api.GET('/api/calls', { params: { query: programmeId ? { programmeId } : {} } }));

export const getCall = (id: string): Promise<Call> =>
  request(api.GET('/api/calls/{id}', { params: { path: { id } } }));

export const applyToCall = (id: string, body: ApplicationCreate) =>
  request(api.POST('/api/calls/{id}/applications', { params: { path: { id } }, body }));

export type DraftUpdate = BodyOf<'/api/applications/{id}', 'patch'>;
export const updateDraft = (id: string, body: DraftUpdate): Promise<Application> =>
  request(api.PATCH('/api/applications/{id}', { params: { path: { id } }, body }));
export const submitDraft = (id: string): Promise<Application> =>
  request(api.POST('/api/applications/{id}/submit', { params: { path: { id } }, body: {} }));
export const deleteDraft = (id: string): Promise<void> =>
  send(api.DELETE('/api/applications/{id}', { params: { path: { id } } }));

export const listApplications = (): Promise<ApplicationList> => request(api.GET('/api/applications', {}));

export const getApplication = (id: string): Promise<Application> =>
  request(api.GET('/api/applications/{id}', { params: { path: { id } } }));

/** Previews the given rules, or the call's saved rules when `eligibilityRules` is undefined. */
export const previewEligibility = (id: string, eligibilityRules: unknown): Promise<Preview> =>
  request(
    api.POST('/api/calls/{id}/eligibility-preview', {
      params: { path: { id } },
      body: eligibilityRules === undefined ? { sampleSize: 10 } : { eligibilityRules, sampleSize: 10 },
    }),
  );

export const listNotifications = (): Promise<NotificationList> => request(api.GET('/api/notifications', {}));

/** A title in the UI language, French when the translation is missing. */
export function localTitle(
  item: { titleFr: string; titleAr: string | null; titleEn: string | null },
  lang: Language,
): string {
  if (lang === 'ar') return item.titleAr ?? item.titleFr;
  if (lang === 'en') return item.titleEn ?? item.titleFr;
  return item.titleFr;
}

/** A label (form field, criterion, reserved share) in the UI language. */
export function localLabel(
  item: { labelFr: string; labelAr?: string | null | undefined; labelEn?: string | null | undefined },
  lang: Language,
): string {
  if (lang === 'ar') return item.labelAr ?? item.labelFr;
  if (lang === 'en') return item.labelEn ?? item.labelFr;
  return item.labelFr;
}

export type Assignment = ResponseOf<'/api/applications/{id}/declaration', 'post'>;
export type Selection = ResponseOf<'/api/calls/{id}/selection', 'post'>;
export type Placed = Selection['selected'][number];
export type ScoreInput = BodyOf<'/api/applications/{id}/scores', 'put'>['scores'][number];

export const listCallApplications = (callId: string): Promise<ApplicationList> =>
  request(api.GET('/api/applications', { params: { query: { callId, limit: 500 } } }));

export const assignEvaluator = (id: string, evaluatorId: string): Promise<Assignment> =>
  request(api.POST('/api/applications/{id}/evaluators', { params: { path: { id } }, body: { evaluatorId } }));

export const declareInterest = (
  id: string,
  hasConflict: boolean,
  declaration?: string,
): Promise<Assignment> =>
  request(
    api.POST('/api/applications/{id}/declaration', {
      params: { path: { id } },
      body: { hasConflict, ...(declaration ? { declaration } : {}) },
    }),
  );

export const saveScores = (id: string, scores: ScoreInput[]): Promise<Assignment> =>
  request(api.PUT('/api/applications/{id}/scores', { params: { path: { id } }, body: { scores } }));

export const runSelection = (callId: string): Promise<Selection> =>
  request(api.POST('/api/calls/{id}/selection', { params: { path: { id: callId } }, body: {} }));

export const recordWithdrawal = (id: string) =>
  request(api.POST('/api/applications/{id}/withdrawal', { params: { path: { id } }, body: {} }));

export type ProgrammeCreate = BodyOf<'/api/programmes', 'post'>;
export type CallCreate = BodyOf<'/api/programmes/{id}/calls', 'post'>;

export const createProgramme = (body: ProgrammeCreate): Promise<Programme> =>
  request(api.POST('/api/programmes', { body }));

export const createCall = (programmeId: string, body: CallCreate): Promise<Call> =>
  request(api.POST('/api/programmes/{id}/calls', { params: { path: { id: programmeId } }, body }));

export const markNotificationRead = (id: string): Promise<void> =>
  send(api.POST('/api/notifications/{id}/read', { params: { path: { id } } }));

/** Statuses that have a decision letter (GET /api/applications/:id/decision-letter). */
export const LETTER_STATUSES: readonly string[] = ['selected', 'waitlisted', 'rejected', 'ineligible'];

// ---- managing programmes and calls: edit, delete, quotas, benefits, the stored selection

export type ProgrammeUpdate = BodyOf<'/api/programmes/{id}', 'patch'>;
export type CallUpdate = BodyOf<'/api/calls/{id}', 'patch'>;
export type QuotaInput = BodyOf<'/api/programmes/{id}/quotas', 'put'>;
export type ReservedShare = Call['reservedShares'][number];
export type StoredSelection = ResponseOf<'/api/calls/{id}/selection', 'get'>;
export type BenefitList = ResponseOf<'/api/programmes/{id}/benefits', 'get'>;
export type Benefit = BenefitList['items'][number];
export type BenefitDetail = ResponseOf<'/api/benefits/{id}', 'get'>;
export type BenefitCreate = BodyOf<'/api/programmes/{id}/benefits', 'post'>;
export type DeliveryCreate = BodyOf<'/api/benefits/{id}/deliveries', 'post'>;
export type VisitCreate = BodyOf<'/api/benefits/{id}/visits', 'post'>;

export const updateProgramme = (id: string, body: ProgrammeUpdate): Promise<Programme> =>
  request(api.PATCH('/api/programmes/{id}', { params: { path: { id } }, body }));

export const deleteProgramme = (id: string): Promise<void> =>
  send(api.DELETE('/api/programmes/{id}', { params: { path: { id } } }));

export const putQuota = (id: string, body: QuotaInput): Promise<Programme> =>
  request(api.PUT('/api/programmes/{id}/quotas', { params: { path: { id } }, body }));

export const updateCall = (id: string, body: CallUpdate): Promise<Call> =>
  request(api.PATCH('/api/calls/{id}', { params: { path: { id } }, body }));

export const deleteCall = (id: string): Promise<void> =>
  send(api.DELETE('/api/calls/{id}', { params: { path: { id } } }));

export const getSelection = (callId: string): Promise<StoredSelection> =>
  request(api.GET('/api/calls/{id}/selection', { params: { path: { id: callId } } }));

export const listBenefits = (programmeId: string, callId?: string): Promise<BenefitList> =>
  request(
    api.GET('/api/programmes/{id}/benefits', {
      params: { path: { id: programmeId }, query: callId ? { callId } : {} },
    }),
  );

export const getBenefit = (id: string): Promise<BenefitDetail> =>
  request(api.GET('/api/benefits/{id}', { params: { path: { id } } }));

export const grantBenefit = (programmeId: string, body: BenefitCreate): Promise<Benefit> =>
  request(api.POST('/api/programmes/{id}/benefits', { params: { path: { id: programmeId } }, body }));

export const cancelBenefit = (id: string, note: string | null): Promise<Benefit> =>
  request(api.POST('/api/benefits/{id}/cancel', { params: { path: { id } }, body: { note } }));

export const recordDelivery = (id: string, body: DeliveryCreate) =>
  request(api.POST('/api/benefits/{id}/deliveries', { params: { path: { id } }, body }));

export const recordVisit = (id: string, body: VisitCreate) =>
  request(api.POST('/api/benefits/{id}/visits', { params: { path: { id } }, body }));

/** Whether the signed-in user manages what the organisation runs (administrator, or its partner). */
export const managesOrganisation = (
  user: { role: string; organisationId?: string | null } | null | undefined,
  organisationId: string,
): boolean => user?.role === 'admin' || (user?.role === 'partner' && user.organisationId === organisationId);

// ---- applicant side: withdrawal, appeals, attachments, an agent's actor search, evaluator candidates

export type AppealState = ResponseOf<'/api/applications/{id}/appeal', 'get'>;
export type Attachment = ResponseOf<'/api/applications/{id}/attachments', 'get'>['items'][number];
export type EvaluatorCandidate = ResponseOf<
  '/api/applications/{id}/evaluator-candidates',
  'get'
>['items'][number];
export type ActorMatch = ResponseOf<'/api/actors', 'get'>['items'][number];

/** Statuses the applicant may withdraw (the server's WITHDRAWABLE). */
export const WITHDRAWABLE_STATUSES: readonly string[] = [
  'submitted',
  'eligible',
  'scored',
  'waitlisted',
  'selected',
];

export const withdrawOwnApplication = (id: string) =>
  request(api.POST('/api/applications/{id}/withdraw', { params: { path: { id } }, body: {} }));

export const getAppealState = (id: string): Promise<AppealState> =>
  request(api.GET('/api/applications/{id}/appeal', { params: { path: { id } } }));

export const fileAppeal = (id: string, reason: string) =>
  request(api.POST('/api/applications/{id}/appeal', { params: { path: { id } }, body: { reason } }));

export const decideAppeal = (id: string, outcome: 'upheld' | 'dismissed', note: string) =>
  request(
    api.POST('/api/applications/{id}/appeal/decision', {
      params: { path: { id } },
      body: { outcome, ...(note ? { note } : {}) },
    }),
  );

export const listAttachments = (id: string) =>
  request(api.GET('/api/applications/{id}/attachments', { params: { path: { id } } }));

export const attachmentUrl = (applicationId: string, fileId: string): string =>
  `/api/applications/${applicationId}/attachments/${fileId}`;

export const listEvaluatorCandidates = (id: string) =>
  request(api.GET('/api/applications/{id}/evaluator-candidates', { params: { path: { id } } }));

/** Actors the signed-in user may see (a territorial agent: its territory's), by name or identifier. */
export const searchActors = (q: string) =>
  request(api.GET('/api/actors', { params: { query: { q, status: 'active', limit: 20 } } }));
