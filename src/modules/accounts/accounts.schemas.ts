import Type, { type Static } from 'typebox';
import type { ApiTokenRow, OrganisationRow, UserRow } from '../../db/database.js';
import {
  DateTime,
  Email,
  Locale,
  Nullable,
  Role,
  StrictObject,
  TerritoryCode,
  Text,
  Uuid,
} from '../../http/schemas.js';

export const OrganisationKind = Type.Union([
  Type.Literal('state_secretariat'),
  Type.Literal('partner'),
  Type.Literal('directorate'),
  Type.Literal('chamber'),
  Type.Literal('actor'),
]);

export const PartnerType = Type.Union(
  [
    Type.Literal('ministry'),
    Type.Literal('agency'),
    Type.Literal('university'),
    Type.Literal('bank'),
    Type.Literal('guarantee_fund'),
    Type.Literal('training'),
    Type.Literal('standards'),
    Type.Literal('industrial_property'),
    Type.Literal('export'),
    Type.Literal('federation'),
    Type.Literal('other'),
  ],
  { description: 'For partner institutions only' },
);

export const OrganisationSchema = StrictObject({
  id: Uuid,
  kind: OrganisationKind,
  partnerType: Nullable(PartnerType),
  nameFr: Type.String(),
  nameAr: Nullable(Type.String()),
  acronym: Nullable(Type.String()),
  territoryCode: Nullable(Type.String()),
  isDemo: Type.Boolean(),
  createdAt: DateTime,
  updatedAt: DateTime,
});
export type Organisation = Static<typeof OrganisationSchema>;

export const OrganisationCreateBody = StrictObject({
  kind: OrganisationKind,
  partnerType: Type.Optional(Nullable(PartnerType)),
  nameFr: Text({ maxLength: 300 }),
  nameAr: Type.Optional(Nullable(Text({ maxLength: 300 }))),
  acronym: Type.Optional(Nullable(Text({ maxLength: 40 }))),
  territoryCode: Type.Optional(Nullable(TerritoryCode)),
});
export const OrganisationUpdateBody = Type.Partial(OrganisationCreateBody, {
  additionalProperties: false,
  minProperties: 1,
});

export const UserSchema = StrictObject({
  id: Uuid,
  email: Type.String(),
  displayName: Type.String(),
  role: Role,
  organisationId: Nullable(Uuid),
  territoryCode: Nullable(Type.String()),
  locale: Locale,
  status: Type.Union([Type.Literal('active'), Type.Literal('disabled')]),
  lastLoginAt: Nullable(DateTime),
  createdAt: DateTime,
  updatedAt: DateTime,
});
export type User = Static<typeof UserSchema>;

const Password = Type.String({ minLength: 1, maxLength: 200 });

export const UserCreateBody = StrictObject({
  email: Email,
  displayName: Text({ maxLength: 200 }),
  password: Password,
  role: Role,
  organisationId: Type.Optional(Nullable(Uuid)),
  territoryCode: Type.Optional(Nullable(TerritoryCode)),
  locale: Type.Optional(Locale),
});
export const UserUpdateBody = StrictObject({
  displayName: Type.Optional(Text({ maxLength: 200 })),
  role: Type.Optional(Role),
  organisationId: Type.Optional(Nullable(Uuid)),
  territoryCode: Type.Optional(Nullable(TerritoryCode)),
  locale: Type.Optional(Locale),
  status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('disabled')])),
});
export const MeUpdateBody = StrictObject({
  displayName: Type.Optional(Text({ maxLength: 200 })),
  locale: Type.Optional(Locale),
});
export const PasswordChangeBody = StrictObject({ currentPassword: Password, newPassword: Password });

export const LoginBody = StrictObject({
  email: Type.String({ minLength: 1, maxLength: 254 }),
  password: Password,
});

export const SessionUserSchema = StrictObject({
  id: Uuid,
  email: Type.String(),
  displayName: Type.String(),
  role: Role,
  organisationId: Nullable(Uuid),
  organisationName: Nullable(StrictObject({ fr: Type.String(), ar: Nullable(Type.String()) })),
  territoryCode: Nullable(Type.String()),
  locale: Locale,
});
export const SessionSchema = StrictObject({
  user: SessionUserSchema,
  csrfToken: Type.String(),
  expiresAt: DateTime,
});

export const ApiTokenSchema = StrictObject({
  id: Uuid,
  name: Type.String(),
  role: Role,
  organisationId: Nullable(Uuid),
  territoryCode: Nullable(Type.String()),
  createdAt: DateTime,
  lastUsedAt: Nullable(DateTime),
  expiresAt: Nullable(DateTime),
  revokedAt: Nullable(DateTime),
});
export const ApiTokenCreateBody = StrictObject({
  name: Text({ maxLength: 200 }),
  role: Role,
  organisationId: Type.Optional(Nullable(Uuid)),
  territoryCode: Type.Optional(Nullable(TerritoryCode)),
  expiresAt: Type.Optional(Nullable(DateTime)),
});
export const ApiTokenCreated = StrictObject({
  token: ApiTokenSchema,
  secret: Type.String({
    description: 'Shown once; store it now. Send it as "Authorization: Bearer <secret>".',
  }),
});

const iso = (date: Date | null): string | null => (date ? date.toISOString() : null);

export function toOrganisation(row: OrganisationRow): Organisation {
  return {
    id: row.id,
    kind: row.kind,
    partnerType: row.partner_type,
    nameFr: row.name_fr,
    nameAr: row.name_ar,
    acronym: row.acronym,
    territoryCode: row.territory_code,
    isDemo: row.is_demo,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export function toUser(row: UserRow): User {
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    role: row.role,
    organisationId: row.organisation_id,
    territoryCode: row.territory_code,
    locale: row.locale,
    status: row.status,
    lastLoginAt: iso(row.last_login_at),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export function toApiToken(row: ApiTokenRow): Static<typeof ApiTokenSchema> {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    organisationId: row.organisation_id,
    territoryCode: row.territory_code,
    createdAt: row.created_at.toISOString(),
    lastUsedAt: iso(row.last_used_at),
    expiresAt: iso(row.expires_at),
    revokedAt: iso(row.revoked_at),
  };
}
