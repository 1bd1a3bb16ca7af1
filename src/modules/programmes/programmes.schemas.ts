import Type, { type Static } from 'typebox';
import { DateTime, Nullable, StrictObject, TerritoryCode, Text, Uuid } from '../../http/schemas.js';

const Version = Type.Integer({
  minimum: 1,
  description: 'The version you edited; refused with STALE_VERSION if the record changed since',
});
const Centimes = Type.Integer({ minimum: 0, maximum: 9_000_000_000_000_000, description: 'MAD in centimes' });
const Period = Type.String({
  pattern: '^[0-9]{4}(Q[1-4]|-(0[1-9]|1[0-2]))?$',
  description: "'2026', '2026Q3' or '2026-07'",
});
const Code = Type.String({
  pattern: '^[a-z][a-z0-9_]{0,39}$',
  description: 'lower_snake_case, 1-40 characters',
});
const Quantity = Type.Number({
  minimum: 0,
  maximum: 1e12,
  description: 'In the programme unit; whole for unit/bundle',
});

export const ProgrammeKind = Type.Union([
  Type.Literal('financing'),
  Type.Literal('training'),
  Type.Literal('raw_material'),
  Type.Literal('market_access'),
  Type.Literal('equipment'),
  Type.Literal('accompaniment'),
]);
export const MaterialSource = Type.Union([
  Type.Literal('forest'),
  Type.Literal('agricultural'),
  Type.Literal('maritime'),
]);
export const MaterialUnit = Type.Union(
  [
    Type.Literal('m3'),
    Type.Literal('kg'),
    Type.Literal('t'),
    Type.Literal('l'),
    Type.Literal('unit'),
    Type.Literal('bundle'),
  ],
  { description: "'unit' and 'bundle' are counted in whole numbers" },
);
const ProgrammeStatus = Type.Union([Type.Literal('draft'), Type.Literal('active'), Type.Literal('closed')]);
const Scope = Type.Union([Type.Literal('national'), Type.Literal('territories')]);

const programmeFields = {
  reference: Text({ maxLength: 60 }),
  organisationId: Type.Optional(
    Type.Union([Uuid], {
      description: 'The partner running it; a partner may only give its own (the default)',
    }),
  ),
  kind: ProgrammeKind,
  subkind: Type.Optional(Nullable(Code)),
  titleFr: Text({ maxLength: 500 }),
  titleAr: Type.Optional(Nullable(Text({ maxLength: 500 }))),
  titleEn: Type.Optional(Nullable(Text({ maxLength: 500 }))),
  description: Type.Optional(Nullable(Text({ maxLength: 5000 }))),
  budgetCentimes: Type.Optional(Nullable(Centimes)),
  capacity: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: 100_000_000 }))),
  scope: Type.Optional(Scope),
  territoryCodes: Type.Optional(Type.Array(TerritoryCode, { maxItems: 100, uniqueItems: true })),
  commitmentIds: Type.Optional(Type.Array(Uuid, { maxItems: 50, uniqueItems: true })),
  materialSource: Type.Optional(Nullable(MaterialSource)),
  material: Type.Optional(Nullable(Text({ maxLength: 200 }))),
  unit: Type.Optional(Nullable(MaterialUnit)),
  startsOn: Type.Optional(Nullable(Type.String({ format: 'date' }))),
  endsOn: Type.Optional(Nullable(Type.String({ format: 'date' }))),
  status: Type.Optional(ProgrammeStatus),
};
export const ProgrammeCreateBody = StrictObject(programmeFields);
export type ProgrammeCreate = Static<typeof ProgrammeCreateBody>;
export const ProgrammeUpdateBody = StrictObject({
  ...Type.Partial(StrictObject(programmeFields)).properties,
  version: Type.Optional(Version),
});
export type ProgrammeUpdate = Static<typeof ProgrammeUpdateBody>;

export const QuotaSchema = Type.Object({
  id: Uuid,
  period: Type.String(),
  territoryCode: Nullable(Type.String()),
  quantity: Type.Number(),
  allocated: Type.Number(),
  unit: Type.String(),
});
export const QuotaInput = StrictObject({
  period: Period,
  territoryCode: Type.Optional(Nullable(TerritoryCode)),
  quantity: Quantity,
});
export type QuotaInputType = Static<typeof QuotaInput>;

export const ProgrammeSchema = Type.Object({
  id: Uuid,
  reference: Type.String(),
  organisationId: Uuid,
  organisationName: Type.String(),
  kind: ProgrammeKind,
  subkind: Nullable(Type.String()),
  titleFr: Type.String(),
  titleAr: Nullable(Type.String()),
  titleEn: Nullable(Type.String()),
  description: Nullable(Type.String()),
  budgetCentimes: Nullable(Type.Integer()),
  capacity: Nullable(Type.Integer()),
  scope: Scope,
  territoryCodes: Type.Array(Type.String()),
  commitmentIds: Type.Array(Uuid),
  materialSource: Nullable(MaterialSource),
  material: Nullable(Type.String()),
  unit: Nullable(MaterialUnit),
  startsOn: Nullable(Type.String()),
  endsOn: Nullable(Type.String()),
  status: ProgrammeStatus,
  quotas: Type.Array(QuotaSchema),
  version: Type.Integer(),
  createdAt: DateTime,
  updatedAt: DateTime,
});
export const ProgrammeList = Type.Object({ items: Type.Array(ProgrammeSchema) });
export const ProgrammeListQuery = StrictObject({
  kind: Type.Optional(ProgrammeKind),
  organisationId: Type.Optional(Uuid),
});

// ---- calls

const Label = {
  labelFr: Text({ maxLength: 300 }),
  labelAr: Type.Optional(Nullable(Text({ maxLength: 300 }))),
  labelEn: Type.Optional(Nullable(Text({ maxLength: 300 }))),
};
export const FormField = StrictObject({
  code: Code,
  type: Type.Union([
    Type.Literal('text'),
    Type.Literal('number'),
    Type.Literal('integer'),
    Type.Literal('boolean'),
    Type.Literal('date'),
    Type.Literal('choice'),
  ]),
  ...Label,
  required: Type.Optional(Type.Boolean()),
  maxLength: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
  min: Type.Optional(Type.Number()),
  max: Type.Optional(Type.Number()),
  options: Type.Optional(Type.Array(Code, { minItems: 1, maxItems: 100, uniqueItems: true })),
});
export type FormFieldType = Static<typeof FormField>;
export const Criterion = StrictObject({
  code: Code,
  ...Label,
  weight: Type.Number({ exclusiveMinimum: 0, maximum: 1000 }),
  max: Type.Integer({ minimum: 1, maximum: 1000, description: 'Scores go from 0 to max' }),
});
export type CriterionType = Static<typeof Criterion>;
export const ReservedShare = StrictObject({
  code: Code,
  ...Label,
  minShare: Type.Number({
    exclusiveMinimum: 0,
    maximum: 1,
    description: 'Fraction of the selected, e.g. 0.4',
  }),
  rule: Type.Unknown({ description: 'Who counts towards the share: a rule of the eligibility language' }),
});
export type ReservedShareType = Static<typeof ReservedShare>;
const CallStatus = Type.Union([
  Type.Literal('draft'),
  Type.Literal('published'),
  Type.Literal('closed'),
  Type.Literal('decided'),
  Type.Literal('cancelled'),
]);

const callFields = {
  reference: Text({ maxLength: 60 }),
  titleFr: Text({ maxLength: 500 }),
  titleAr: Type.Optional(Nullable(Text({ maxLength: 500 }))),
  titleEn: Type.Optional(Nullable(Text({ maxLength: 500 }))),
  description: Type.Optional(Nullable(Text({ maxLength: 5000 }))),
  opensAt: DateTime,
  closesAt: DateTime,
  eligibilityRules: Type.Optional(
    Type.Unknown({ description: 'The rule language of the programmes README; validated, 422 RULES_INVALID' }),
  ),
  formFields: Type.Optional(Type.Array(FormField, { maxItems: 100 })),
  scoringGrid: Type.Optional(Type.Array(Criterion, { maxItems: 50 })),
  reservedShares: Type.Optional(Type.Array(ReservedShare, { maxItems: 10 })),
  budgetCentimes: Type.Optional(Nullable(Centimes)),
  capacity: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: 100_000_000 }))),
  quotaPeriod: Type.Optional(Nullable(Period)),
  evaluatorsPerApplication: Type.Optional(Type.Integer({ minimum: 1, maximum: 10 })),
  appealDays: Type.Optional(
    Type.Integer({
      minimum: 1,
      maximum: 365,
      description: 'Days after the decision an appeal is taken (default 30)',
    }),
  ),
  status: Type.Optional(CallStatus),
};
export const CallCreateBody = StrictObject(callFields);
export type CallCreate = Static<typeof CallCreateBody>;
export const CallUpdateBody = StrictObject({
  ...Type.Partial(StrictObject(callFields)).properties,
  version: Type.Optional(Version),
});
export type CallUpdate = Static<typeof CallUpdateBody>;

export const CallSchema = Type.Object({
  id: Uuid,
  programmeId: Uuid,
  programmeReference: Type.String(),
  programmeKind: ProgrammeKind,
  organisationId: Uuid,
  reference: Type.String(),
  titleFr: Type.String(),
  titleAr: Nullable(Type.String()),
  titleEn: Nullable(Type.String()),
  description: Nullable(Type.String()),
  opensAt: DateTime,
  closesAt: DateTime,
  open: Type.Boolean({ description: 'Published and between opening and closing now' }),
  eligibilityRules: Type.Unknown(),
  formFields: Type.Array(FormField),
  scoringGrid: Type.Array(Criterion),
  reservedShares: Type.Array(ReservedShare),
  budgetCentimes: Nullable(Type.Integer()),
  capacity: Nullable(Type.Integer()),
  allocatedCentimes: Type.Integer(),
  allocatedSeats: Type.Integer(),
  quotaPeriod: Nullable(Type.String()),
  evaluatorsPerApplication: Type.Integer(),
  appealDays: Type.Integer(),
  status: CallStatus,
  version: Type.Integer(),
  createdAt: DateTime,
  updatedAt: DateTime,
});
export const CallList = Type.Object({ items: Type.Array(CallSchema) });
export const CallListQuery = StrictObject({
  programmeId: Type.Optional(Uuid),
  open: Type.Optional(Type.Boolean({ description: 'Only calls open now' })),
});

export const PreviewBody = StrictObject({
  eligibilityRules: Type.Optional(Type.Unknown({ description: 'Rules to try instead of the saved ones' })),
  sampleSize: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })),
});
export const PreviewSchema = Type.Object({
  count: Type.Integer(),
  asOf: DateTime,
  sample: Type.Array(
    Type.Object({ id: Uuid, name: Type.String(), kind: Type.String(), provinceCode: Type.String() }),
  ),
});

// ---- applications

export const ApplicationStatus = Type.Union(
  [
    'draft',
    'submitted',
    'eligible',
    'ineligible',
    'scored',
    'selected',
    'waitlisted',
    'rejected',
    'appealed',
    'final',
    'withdrawn',
  ].map((status) => Type.Literal(status)),
);
export const ApplicationCreateBody = StrictObject({
  actorId: Type.Optional(Uuid),
  answers: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  requestedCentimes: Type.Optional(Nullable(Centimes)),
  requestedSeats: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: 10_000 }))),
  requestedQuantity: Type.Optional(Nullable(Quantity)),
  draft: Type.Optional(
    Type.Boolean({
      description:
        'true: saved as a draft (answers may be partial, no eligibility yet), submitted later with POST /api/applications/:id/submit',
    }),
  ),
});
export type ApplicationCreate = Static<typeof ApplicationCreateBody>;
/** A draft's edit: the parts given replace the stored ones (answers as a whole object). */
export const DraftUpdateBody = StrictObject({
  answers: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  requestedCentimes: Type.Optional(Nullable(Centimes)),
  requestedSeats: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: 10_000 }))),
  requestedQuantity: Type.Optional(Nullable(Quantity)),
});

const Message = Type.Object({ fr: Type.String(), ar: Type.String(), en: Type.String() });
export const ApplicationSchema = Type.Object({
  id: Uuid,
  callId: Uuid,
  callReference: Type.String(),
  actorId: Uuid,
  actorName: Type.String(),
  submittedByLabel: Type.String(),
  onBehalf: Type.Boolean(),
  status: Type.String(),
  answers: Type.Record(Type.String(), Type.Unknown()),
  eligible: Nullable(Type.Boolean()),
  eligibility: Type.Unknown({ description: 'Verdict and one explanation per rule (fr, ar, en)' }),
  explanations: Type.Array(
    Type.Object({ pointer: Type.String(), depth: Type.Integer(), pass: Type.Boolean(), message: Message }),
    { description: 'The same explanations flattened in reading order' },
  ),
  requestedCentimes: Nullable(Type.Integer()),
  requestedSeats: Nullable(Type.Integer()),
  requestedQuantity: Nullable(Type.Number()),
  totalScore: Nullable(Type.Number()),
  rank: Nullable(Type.Integer()),
  waitlistPosition: Nullable(Type.Integer()),
  submittedAt: Nullable(DateTime),
  version: Type.Integer(),
});
export const ApplicationList = Type.Object({ items: Type.Array(ApplicationSchema) });
export const ApplicationListQuery = StrictObject({
  callId: Type.Optional(Uuid),
  status: Type.Optional(Type.String({ maxLength: 20 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
});

// ---- evaluation

export const AssignBody = StrictObject({ evaluatorId: Uuid });
export const DeclarationBody = StrictObject({
  hasConflict: Type.Boolean({ description: 'false: I declare no conflict of interest with this applicant' }),
  declaration: Type.Optional(Text({ maxLength: 2000 })),
});
export const ScoresBody = StrictObject({
  scores: Type.Array(
    StrictObject({
      criterion: Code,
      score: Type.Number({ minimum: 0 }),
      comment: Type.Optional(Text({ maxLength: 2000 })),
    }),
    { minItems: 1, maxItems: 50 },
  ),
});
export type ScoresInput = Static<typeof ScoresBody>;
export const AssignmentSchema = Type.Object({
  applicationId: Uuid,
  evaluatorId: Uuid,
  hasConflict: Nullable(Type.Boolean()),
  declaredAt: Nullable(DateTime),
  total: Nullable(Type.Number()),
  scores: Type.Array(
    Type.Object({ criterion: Type.String(), score: Type.Number(), comment: Nullable(Type.String()) }),
  ),
});
export const RankingSchema = Type.Object({
  items: Type.Array(
    Type.Object({
      rank: Type.Integer(),
      applicationId: Uuid,
      actorId: Uuid,
      actorName: Type.String(),
      totalScore: Type.Number(),
      evaluators: Type.Integer(),
      status: Type.String(),
    }),
  ),
});

// ---- notifications

export const NotificationList = Type.Object({
  unread: Type.Integer(),
  items: Type.Array(
    Type.Object({
      id: Uuid,
      kind: Type.String({ description: "Stable key the web translates, e.g. 'application.eligible'" }),
      applicationId: Nullable(Uuid),
      payload: Type.Record(Type.String(), Type.Unknown()),
      readAt: Nullable(DateTime),
      createdAt: DateTime,
    }),
  ),
});
export const NotificationListQuery = StrictObject({
  unread: Type.Optional(Type.Boolean()),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
});

// ---- appeals

export const AppealBody = StrictObject({ reason: Text({ maxLength: 5000 }) });
export const AppealDecisionBody = StrictObject({
  outcome: Type.Union([Type.Literal('upheld'), Type.Literal('dismissed')], {
    description: 'upheld: back to evaluation as eligible; dismissed: the outcome is final',
  }),
  note: Type.Optional(Text({ maxLength: 5000 })),
});
export const AppealSchema = Type.Object({
  applicationId: Uuid,
  status: Type.String(),
  reason: Type.String(),
  outcome: Nullable(Type.String()),
  filedAt: DateTime,
});

// ---- attachments

export const AttachmentSchema = Type.Object({
  fileId: Uuid,
  label: Type.String(),
  originalName: Type.String(),
  sizeBytes: Type.Integer(),
  sha256: Type.String(),
});
export const AttachmentList = Type.Object({ items: Type.Array(AttachmentSchema) });
export const AttachmentParams = StrictObject({ id: Uuid, fileId: Uuid });
