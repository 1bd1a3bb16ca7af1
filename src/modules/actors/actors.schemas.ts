import Type, { type Static } from 'typebox';
import type { ActorRow } from '../../db/database.js';
import { DateTime, Nullable, StrictObject, TerritoryCode, Text, Uuid } from '../../http/schemas.js';

export const ActorKind = Type.Union([
  Type.Literal('artisan'),
  Type.Literal('master_artisan'),
  Type.Literal('cooperative'),
  Type.Literal('association'),
  Type.Literal('mutual'),
  Type.Literal('ess_enterprise'),
]);
export const ActorStatus = Type.Union([
  Type.Literal('active'),
  Type.Literal('suspended'),
  Type.Literal('dissolved'),
]);

const Count = Type.Integer({ minimum: 0, maximum: 1_000_000 });
const Identifier = Type.String({ minLength: 1, maxLength: 40 });
const IsoDate = Type.String({ format: 'date', description: 'YYYY-MM-DD' });

/** Everything a person may set on an actor record; names and identifiers are the "protected" part. */
const editable = {
  kind: ActorKind,
  nameFr: Nullable(Text({ maxLength: 300, description: 'Name in Latin script' })),
  nameAr: Nullable(Text({ maxLength: 300, description: 'Name in Arabic script' })),
  nia: Nullable(Identifier),
  cin: Nullable(Identifier),
  ice: Nullable(Identifier),
  rcNumber: Nullable(Identifier),
  rcCourt: Nullable(Text({ maxLength: 100 })),
  ifNumber: Nullable(Identifier),
  coopRegisterNumber: Nullable(Identifier),
  associationReceipt: Nullable(Identifier),
  provinceCode: TerritoryCode,
  commune: Nullable(Text({ maxLength: 200 })),
  address: Nullable(Text({ maxLength: 500 })),
  latitude: Nullable(Type.Number({ minimum: -90, maximum: 90 })),
  longitude: Nullable(Type.Number({ minimum: -180, maximum: 180 })),
  branchCode: Nullable(Type.String({ maxLength: 20 })),
  activityCode: Nullable(Type.String({ maxLength: 30 })),
  foundedOn: Nullable(IsoDate),
  legalStatus: Nullable(Text({ maxLength: 200 })),
  membersWomen: Nullable(Count),
  membersMen: Nullable(Count),
  membersYouth: Nullable(Count),
  membersDisabled: Nullable(Count),
  membersElderly: Nullable(Count),
  employeesWomen: Nullable(Count),
  employeesMen: Nullable(Count),
  employeesYouth: Nullable(Count),
  employeesDisabled: Nullable(Count),
  employeesElderly: Nullable(Count),
  womenLed: Type.Boolean(),
  coastal: Type.Boolean(),
  // Person facts: artisans and master artisans only (refused on organisations, which count their
  // members instead); they feed the beneficiaries' breakdowns by sex, age band and disability.
  sex: Nullable(Type.Union([Type.Literal('female'), Type.Literal('male')], { description: 'Artisans only' })),
  birthDate: Nullable(
    Type.String({
      format: 'date',
      description: 'YYYY-MM-DD; artisans only; from 1900, at least 15 years ago',
    }),
  ),
  hasDisability: Nullable(Type.Boolean({ description: 'Lives with a disability; artisans only' })),
  phone: Nullable(Type.String({ pattern: '^\\+?[0-9 ().-]{6,20}$', maxLength: 20 })),
  email: Nullable(Type.String({ format: 'email', maxLength: 254 })),
};
export type ActorFields = { [K in keyof typeof editable]: Static<(typeof editable)[K]> };
export type ActorField = keyof ActorFields;

/** Fields an actor may only change through a change request approved by an administrator. */
export const PROTECTED_FIELDS: ActorField[] = [
  'kind',
  'nameFr',
  'nameAr',
  'nia',
  'cin',
  'ice',
  'rcNumber',
  'rcCourt',
  'ifNumber',
  'coopRegisterNumber',
  'associationReceipt',
];

const required = ['kind', 'provinceCode'] as const;
export const ActorCreateBody = StrictObject({
  ...Object.fromEntries(
    Object.entries(editable).map(([key, schema]) => [
      key,
      (required as readonly string[]).includes(key) ? schema : Type.Optional(schema),
    ]),
  ),
} as {
  [K in keyof typeof editable]: K extends (typeof required)[number]
    ? (typeof editable)[K]
    : ReturnType<typeof Type.Optional<(typeof editable)[K]>>;
});

export const ActorUpdateBody = StrictObject({
  ...(Object.fromEntries(Object.entries(editable).map(([key, schema]) => [key, Type.Optional(schema)])) as {
    [K in keyof typeof editable]: ReturnType<typeof Type.Optional<(typeof editable)[K]>>;
  }),
  status: Type.Optional(ActorStatus),
  statusReason: Type.Optional(Nullable(Text({ maxLength: 500 }))),
  statusChangedOn: Type.Optional(Nullable(IsoDate)),
  version: Type.Optional(
    Type.Integer({ minimum: 1, description: 'The version you edited; refused if the record changed since' }),
  ),
});
export type ActorUpdate = Static<typeof ActorUpdateBody>;
export type ActorCreate = Static<typeof ActorCreateBody>;

export const FieldWarning = Type.Object({ pointer: Type.String(), detail: Type.String() });

export const ActorSchema = Type.Object({
  id: Uuid,
  ...editable,
  regionCode: Type.String(),
  reviewFlags: Type.Array(Type.String()),
  status: ActorStatus,
  statusReason: Nullable(Type.String()),
  statusChangedOn: Nullable(Type.String()),
  organisationId: Nullable(Uuid),
  mergedInto: Nullable(Uuid),
  isDemo: Type.Boolean(),
  createdAt: DateTime,
  updatedAt: DateTime,
  version: Type.Integer(),
});
export type Actor = Static<typeof ActorSchema>;

export const ActorSaved = Type.Object({
  actor: ActorSchema,
  warnings: Type.Array(FieldWarning),
  changeRequestId: Nullable(Uuid),
});

export const ActorListQuery = StrictObject({
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  kind: Type.Optional(ActorKind),
  region: Type.Optional(TerritoryCode),
  province: Type.Optional(TerritoryCode),
  branch: Type.Optional(Type.String({ maxLength: 20 })),
  womenLed: Type.Optional(Type.Boolean()),
  coastal: Type.Optional(Type.Boolean()),
  status: Type.Optional(ActorStatus),
  sort: Type.Optional(Type.Union([Type.Literal('name'), Type.Literal('created')], { default: 'created' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  cursor: Type.Optional(Type.String({ maxLength: 500 })),
});
export type ActorListQuery = Static<typeof ActorListQuery>;

export const ActorListItem = Type.Object({
  id: Uuid,
  kind: ActorKind,
  nameFr: Nullable(Type.String()),
  nameAr: Nullable(Type.String()),
  provinceCode: Type.String(),
  regionCode: Type.String(),
  commune: Nullable(Type.String()),
  branchCode: Nullable(Type.String()),
  status: ActorStatus,
  womenLed: Type.Boolean(),
  coastal: Type.Boolean(),
  score: Nullable(Type.Number({ description: 'Search relevance, 0 to 1, when searching' })),
  matchedIdentifier: Nullable(Type.String()),
});

export const ActorList = Type.Object({
  items: Type.Array(ActorListItem),
  total: Type.Integer({ description: 'How many records match the filters' }),
  nextCursor: Nullable(Type.String()),
});

export const HistoryEntry = Type.Object({
  seq: Type.Integer(),
  at: DateTime,
  actorLabel: Type.String(),
  action: Type.String(),
  changes: Type.Array(Type.Object({ field: Type.String(), before: Type.Unknown(), after: Type.Unknown() })),
});

export const ChangeRequestSchema = Type.Object({
  id: Uuid,
  actorId: Uuid,
  actorNameFr: Type.Optional(Nullable(Type.String())),
  actorNameAr: Type.Optional(Nullable(Type.String())),
  changes: Type.Record(Type.String(), Type.Unknown(), { description: 'Requested values by API field name' }),
  requestedLabel: Type.String(),
  requestedAt: DateTime,
  status: Type.Union([Type.Literal('pending'), Type.Literal('approved'), Type.Literal('rejected')]),
  decidedByLabel: Nullable(Type.String()),
  decidedAt: Nullable(DateTime),
  decisionNote: Nullable(Type.String()),
});

/** The API's name for a table column: `rc_number` → `rcNumber` (history and duplicate reasons speak the API's language). */
export function apiFieldName(column: string): string {
  return column.replace(/_([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
}

/** Column of the table for each API field. */
export const COLUMN_OF: Record<ActorField, keyof ActorRow> = {
  kind: 'kind',
  nameFr: 'name_fr',
  nameAr: 'name_ar',
  nia: 'nia',
  cin: 'cin',
  ice: 'ice',
  rcNumber: 'rc_number',
  rcCourt: 'rc_court',
  ifNumber: 'if_number',
  coopRegisterNumber: 'coop_register_number',
  associationReceipt: 'association_receipt',
  provinceCode: 'province_code',
  commune: 'commune',
  address: 'address',
  latitude: 'latitude',
  longitude: 'longitude',
  branchCode: 'branch_code',
  activityCode: 'activity_code',
  foundedOn: 'founded_on',
  legalStatus: 'legal_status',
  membersWomen: 'members_women',
  membersMen: 'members_men',
  membersYouth: 'members_youth',
  membersDisabled: 'members_disabled',
  membersElderly: 'members_elderly',
  employeesWomen: 'employees_women',
  employeesMen: 'employees_men',
  employeesYouth: 'employees_youth',
  employeesDisabled: 'employees_disabled',
  employeesElderly: 'employees_elderly',
  womenLed: 'women_led',
  coastal: 'coastal',
  sex: 'sex',
  birthDate: 'birth_date',
  hasDisability: 'has_disability',
  phone: 'phone',
  email: 'email',
};
export const ACTOR_FIELDS = Object.keys(COLUMN_OF) as ActorField[];

export function toActor(row: ActorRow): Actor {
  const fields = Object.fromEntries(
    ACTOR_FIELDS.map((field) => [field, row[COLUMN_OF[field]]]),
  ) as ActorFields;
  return {
    id: row.id,
    ...fields,
    regionCode: row.region_code,
    reviewFlags: row.review_flags,
    status: row.status,
    statusReason: row.status_reason,
    statusChangedOn: row.status_changed_on,
    organisationId: row.organisation_id,
    mergedInto: row.merged_into,
    isDemo: row.is_demo,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    version: row.version,
  };
}
