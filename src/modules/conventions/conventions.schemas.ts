import Type, { type Static } from 'typebox';
import { DateTime, Nullable, StrictObject, Text, Uuid } from '../../http/schemas.js';

export const IsoDate = Type.String({ format: 'date', description: 'YYYY-MM-DD' });
const TERRITORY_PATTERN = '^[0-9]{2}(\\.[0-9]{3}(\\.[0-9]{2}\\.[0-9]{2})?)?$';
const AxisCode = Type.String({
  pattern: '^[A-Z][A-Z0-9_]{1,29}$',
  description: 'Code of a thematic axis (GET /api/axes)',
});
const Version = Type.Integer({
  minimum: 1,
  description: 'The version you edited; refused with STALE_VERSION if the record changed since',
});

export const ConventionStatus = Type.Union(
  [Type.Literal('draft'), Type.Literal('signed'), Type.Literal('in_force'), Type.Literal('closed')],
  {
    description:
      'draft → signed → in_force → closed, forward only (a step may be skipped); closed → in_force reopens. Every status but draft needs signedOn.',
  },
);
export const PartyRole = Type.Union([Type.Literal('lead'), Type.Literal('party')]);
export const DocumentKind = Type.Union([
  Type.Literal('signed_convention'),
  Type.Literal('annex'),
  Type.Literal('amendment'),
  Type.Literal('report'),
  Type.Literal('other'),
]);
export const CommitmentStatus = Type.Union([
  Type.Literal('active'),
  Type.Literal('completed'),
  Type.Literal('cancelled'),
]);
export const MilestoneStatus = Type.Union([
  Type.Literal('planned'),
  Type.Literal('in_progress'),
  Type.Literal('done'),
  Type.Literal('cancelled'),
]);
export const Scope = Type.Union([Type.Literal('national'), Type.Literal('territories')]);

// ---- axes and partners

export const Axis = Type.Object({
  code: Type.String(),
  position: Type.Integer(),
  nameFr: Type.String(),
  nameAr: Type.String(),
  nameEn: Type.String(),
});
export const AxisList = Type.Object({ items: Type.Array(Axis) });

export const OrganisationKind = Type.Union([
  Type.Literal('state_secretariat'),
  Type.Literal('partner'),
  Type.Literal('directorate'),
  Type.Literal('chamber'),
]);
export const Partner = Type.Object({
  id: Uuid,
  kind: Type.String(),
  partnerType: Nullable(Type.String()),
  nameFr: Type.String(),
  nameAr: Nullable(Type.String()),
  acronym: Nullable(Type.String()),
  territoryCode: Nullable(Type.String()),
  isDemo: Type.Boolean(),
  publishedConventions: Type.Integer({ description: 'Published conventions it is a party to' }),
  publishedCommitments: Type.Integer({ description: 'Its commitments in published conventions' }),
});
export const PartnerList = Type.Object({ items: Type.Array(Partner) });
export const PartnerListQuery = StrictObject({ kind: Type.Optional(OrganisationKind) });

// ---- conventions

export const PartyInput = StrictObject({
  organisationId: Uuid,
  role: Type.Optional(PartyRole),
});
export const SignatoryInput = StrictObject({
  organisationId: Type.String({ format: 'uuid', description: 'One of the parties' }),
  fullName: Text({ maxLength: 200 }),
  functionTitle: Type.Optional(Nullable(Text({ maxLength: 200 }))),
});

const conventionFields = {
  reference: Text({ maxLength: 60, description: 'Unique, whatever the case' }),
  titleFr: Text({ maxLength: 500 }),
  titleAr: Nullable(Text({ maxLength: 500 })),
  summaryFr: Nullable(Text({ maxLength: 5000 })),
  summaryAr: Nullable(Text({ maxLength: 5000 })),
  status: ConventionStatus,
  signedOn: Nullable(IsoDate),
  signedPlace: Nullable(Text({ maxLength: 200 })),
  signingEvent: Nullable(Text({ maxLength: 300 })),
  startsOn: Nullable(IsoDate),
  endsOn: Nullable(IsoDate),
  published: Type.Boolean({ description: 'Visible to the public; a draft cannot be published' }),
  axisCodes: Type.Array(AxisCode, { maxItems: 10, uniqueItems: true }),
  parties: Type.Array(PartyInput, { maxItems: 50, description: 'Replaces all the parties when given' }),
  signatories: Type.Array(SignatoryInput, {
    maxItems: 100,
    description: 'Replaces all the signatories when given; each signs for one of the parties',
  }),
};
type ConventionFieldSchemas = typeof conventionFields;

export const ConventionCreateBody = StrictObject({
  reference: conventionFields.reference,
  titleFr: conventionFields.titleFr,
  ...(Object.fromEntries(
    Object.entries(conventionFields)
      .filter(([key]) => key !== 'reference' && key !== 'titleFr')
      .map(([key, schema]) => [key, Type.Optional(schema)]),
  ) as {
    [K in Exclude<keyof ConventionFieldSchemas, 'reference' | 'titleFr'>]: ReturnType<
      typeof Type.Optional<ConventionFieldSchemas[K]>
    >;
  }),
});
export type ConventionCreate = Static<typeof ConventionCreateBody>;

export const ConventionUpdateBody = StrictObject({
  ...(Object.fromEntries(
    Object.entries(conventionFields).map(([key, schema]) => [key, Type.Optional(schema)]),
  ) as {
    [K in keyof ConventionFieldSchemas]: ReturnType<typeof Type.Optional<ConventionFieldSchemas[K]>>;
  }),
  version: Type.Optional(Version),
});
export type ConventionUpdate = Static<typeof ConventionUpdateBody>;

export const PartySchema = Type.Object({
  organisationId: Uuid,
  role: PartyRole,
  kind: Type.String(),
  partnerType: Nullable(Type.String()),
  nameFr: Type.String(),
  nameAr: Nullable(Type.String()),
  acronym: Nullable(Type.String()),
});
export const SignatorySchema = Type.Object({
  id: Uuid,
  organisationId: Uuid,
  fullName: Type.String(),
  functionTitle: Nullable(Type.String()),
  position: Type.Integer(),
});
export const DocumentSchema = Type.Object({
  id: Uuid,
  conventionId: Uuid,
  kind: DocumentKind,
  title: Type.String(),
  fileId: Uuid,
  sha256: Type.String(),
  sizeBytes: Type.Integer(),
  originalName: Type.String(),
  createdAt: DateTime,
  url: Type.String({ description: 'Download URL' }),
});

export const Counts = Type.Object({
  commitments: Type.Integer(),
  commitmentsOverdue: Type.Integer({ description: 'Active commitments whose end date has passed' }),
  budgetCentimes: Type.Integer({ description: 'Sum of the commitments\u2019 budgets, MAD centimes' }),
  milestones: Type.Integer(),
  milestonesDone: Type.Integer(),
  milestonesOverdue: Type.Integer({ description: 'Past due, neither done nor cancelled' }),
});

export const MilestoneSchema = Type.Object({
  id: Uuid,
  commitmentId: Uuid,
  titleFr: Type.String(),
  titleAr: Nullable(Type.String()),
  dueOn: Type.String(),
  status: MilestoneStatus,
  doneOn: Nullable(Type.String()),
  position: Type.Integer(),
  overdue: Type.Boolean({ description: 'Due date passed and neither done nor cancelled' }),
});

export const CommitmentSchema = Type.Object({
  id: Uuid,
  conventionId: Uuid,
  organisationId: Uuid,
  organisationNameFr: Type.String(),
  organisationNameAr: Nullable(Type.String()),
  organisationAcronym: Nullable(Type.String()),
  reference: Nullable(Type.String()),
  titleFr: Type.String(),
  titleAr: Nullable(Type.String()),
  description: Nullable(Type.String()),
  axisCode: Type.String(),
  budgetCentimes: Nullable(Type.Integer()),
  startsOn: Nullable(Type.String()),
  endsOn: Nullable(Type.String()),
  scope: Scope,
  territoryCodes: Type.Array(Type.String()),
  status: CommitmentStatus,
  isDemo: Type.Boolean(),
  version: Type.Integer(),
  overdue: Type.Boolean({ description: 'Active and past its end date' }),
  milestones: Type.Array(MilestoneSchema),
  milestonesDone: Type.Integer(),
  milestonesOverdue: Type.Integer(),
});

const conventionCore = {
  id: Uuid,
  reference: Type.String(),
  titleFr: Type.String(),
  titleAr: Nullable(Type.String()),
  status: ConventionStatus,
  signedOn: Nullable(Type.String()),
  signedPlace: Nullable(Type.String()),
  signingEvent: Nullable(Type.String()),
  startsOn: Nullable(Type.String()),
  endsOn: Nullable(Type.String()),
  published: Type.Boolean(),
  isDemo: Type.Boolean(),
  axisCodes: Type.Array(Type.String()),
  parties: Type.Array(PartySchema),
  counts: Counts,
};

export const ConventionListItem = Type.Object(conventionCore);
export const ConventionList = Type.Object({
  items: Type.Array(ConventionListItem),
  total: Type.Integer({ description: 'How many conventions match the filters' }),
  nextCursor: Nullable(Type.String()),
});

export const ConventionSchema = Type.Object({
  ...conventionCore,
  summaryFr: Nullable(Type.String()),
  summaryAr: Nullable(Type.String()),
  version: Type.Integer(),
  createdAt: DateTime,
  updatedAt: DateTime,
  signatories: Type.Array(SignatorySchema),
  documents: Type.Array(DocumentSchema),
  commitments: Type.Array(CommitmentSchema),
});

export const ConventionListQuery = StrictObject({
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'In the reference or titles' })),
  status: Type.Optional(ConventionStatus),
  axis: Type.Optional(AxisCode),
  partner: Type.Optional(Type.String({ format: 'uuid', description: 'An organisation that is a party' })),
  territory: Type.Optional(
    Type.String({
      pattern: TERRITORY_PATTERN,
      description:
        'Conventions with a commitment active there: national, scoped to it, to its region or to a province inside it',
    }),
  ),
  published: Type.Optional(Type.Boolean()),
  sort: Type.Optional(
    Type.Union(
      [Type.Literal('signed'), Type.Literal('reference'), Type.Literal('title'), Type.Literal('created')],
      { default: 'signed', description: 'signed: latest signature first; created: newest first' },
    ),
  ),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  cursor: Type.Optional(Type.String({ maxLength: 100 })),
});
export type ConventionListQuery = Static<typeof ConventionListQuery>;

export const DocumentParams = StrictObject({ id: Uuid, documentId: Uuid });

// ---- commitments and milestones

export const MilestoneInput = StrictObject({
  titleFr: Text({ maxLength: 300 }),
  titleAr: Type.Optional(Nullable(Text({ maxLength: 300 }))),
  dueOn: IsoDate,
  status: Type.Optional(MilestoneStatus),
  doneOn: Type.Optional(
    Nullable(Type.String({ format: 'date', description: 'Required by status done (today when omitted)' })),
  ),
  position: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
});
export type MilestoneInput = Static<typeof MilestoneInput>;
export const MilestoneUpdateBody = StrictObject({
  titleFr: Type.Optional(Text({ maxLength: 300 })),
  titleAr: Type.Optional(Nullable(Text({ maxLength: 300 }))),
  dueOn: Type.Optional(IsoDate),
  status: Type.Optional(MilestoneStatus),
  doneOn: Type.Optional(Nullable(IsoDate)),
  position: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
});
export type MilestoneUpdate = Static<typeof MilestoneUpdateBody>;

const commitmentFields = {
  reference: Nullable(Text({ maxLength: 40, description: 'Unique within the convention' })),
  titleFr: Text({ maxLength: 500 }),
  titleAr: Nullable(Text({ maxLength: 500 })),
  description: Nullable(Text({ maxLength: 5000 })),
  axisCode: AxisCode,
  budgetCentimes: Nullable(
    Type.Integer({ minimum: 0, maximum: 9_000_000_000_000_000, description: 'MAD, in centimes' }),
  ),
  startsOn: Nullable(IsoDate),
  endsOn: Nullable(IsoDate),
  scope: Scope,
  territoryCodes: Type.Array(
    Type.String({ pattern: TERRITORY_PATTERN, description: 'Region or province code' }),
    { maxItems: 100, uniqueItems: true, description: 'Empty for a national commitment' },
  ),
  status: CommitmentStatus,
};
type CommitmentFieldSchemas = typeof commitmentFields;

export const CommitmentCreateBody = StrictObject({
  organisationId: Type.String({ format: 'uuid', description: 'The committing party' }),
  titleFr: commitmentFields.titleFr,
  axisCode: commitmentFields.axisCode,
  ...(Object.fromEntries(
    Object.entries(commitmentFields)
      .filter(([key]) => key !== 'titleFr' && key !== 'axisCode')
      .map(([key, schema]) => [key, Type.Optional(schema)]),
  ) as {
    [K in Exclude<keyof CommitmentFieldSchemas, 'titleFr' | 'axisCode'>]: ReturnType<
      typeof Type.Optional<CommitmentFieldSchemas[K]>
    >;
  }),
  milestones: Type.Optional(Type.Array(MilestoneInput, { maxItems: 100 })),
});
export type CommitmentCreate = Static<typeof CommitmentCreateBody>;

export const CommitmentUpdateBody = StrictObject({
  organisationId: Type.Optional(Type.String({ format: 'uuid' })),
  ...(Object.fromEntries(
    Object.entries(commitmentFields).map(([key, schema]) => [key, Type.Optional(schema)]),
  ) as {
    [K in keyof CommitmentFieldSchemas]: ReturnType<typeof Type.Optional<CommitmentFieldSchemas[K]>>;
  }),
  version: Type.Optional(Version),
});
export type CommitmentUpdate = Static<typeof CommitmentUpdateBody>;

export const CommitmentDetail = Type.Object({
  ...CommitmentSchema.properties,
  conventionReference: Type.String(),
  conventionTitleFr: Type.String(),
  conventionTitleAr: Nullable(Type.String()),
  conventionPublished: Type.Boolean(),
  canEdit: Type.Union([Type.Literal('all'), Type.Literal('progress'), Type.Literal('none')], {
    description: 'all: administrator; progress: its partner (description and milestones); none',
  }),
});

// ---- convergence

export const ConvergenceSchema = Type.Object({
  territory: Type.Object({
    code: Type.String(),
    level: Type.String(),
    nameFr: Type.String(),
    nameAr: Type.String(),
    parentCode: Nullable(Type.String()),
  }),
  conventions: Type.Array(
    Type.Object({
      ...conventionCore,
      commitments: Type.Array(CommitmentSchema, { description: 'Only those active in the territory' }),
    }),
  ),
  totals: Counts,
});
export const TerritoryParams = StrictObject({ code: Type.String({ pattern: TERRITORY_PATTERN }) });
