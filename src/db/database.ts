import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/** The whole schema as Kysely sees it; one interface per table, owned by the module named beside it. */
export interface Database {
  schema_migrations: SchemaMigrationsTable;
  territories: TerritoriesTable; // territory
  organisations: OrganisationsTable; // accounts
  users: UsersTable; // accounts
  sessions: SessionsTable; // accounts
  api_tokens: ApiTokensTable; // accounts
  audit_log: AuditLogTable; // audit
}

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>;
type Json = ColumnType<unknown, string | null, string | null>;

export interface SchemaMigrationsTable {
  version: number;
  name: string;
  checksum: string;
  applied_at: ColumnType<Date, Date | string | undefined, never>;
}

export interface TerritoriesTable {
  code: string;
  level: 'region' | 'province' | 'arrondissements';
  type: 'region' | 'province' | 'prefecture' | 'prefecture_of_arrondissements';
  parent_code: string | null;
  iso_code: string | null;
  name_fr: string;
  name_ar: string;
  population_2024: number | null;
}

export type OrganisationKind = 'state_secretariat' | 'partner' | 'directorate' | 'chamber' | 'actor';
export type PartnerType =
  | 'ministry'
  | 'agency'
  | 'university'
  | 'bank'
  | 'guarantee_fund'
  | 'training'
  | 'standards'
  | 'industrial_property'
  | 'export'
  | 'federation'
  | 'other';
export type Role = 'admin' | 'partner' | 'territorial' | 'actor';
export type Locale = 'fr' | 'ar' | 'en';

export interface OrganisationsTable {
  id: Generated<string>;
  kind: OrganisationKind;
  partner_type: PartnerType | null;
  name_fr: string;
  name_ar: string | null;
  acronym: string | null;
  territory_code: string | null;
  is_demo: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface UsersTable {
  id: Generated<string>;
  email: string;
  display_name: string;
  password_hash: string;
  role: Role;
  organisation_id: string | null;
  territory_code: string | null;
  locale: Generated<Locale>;
  status: Generated<'active' | 'disabled'>;
  failed_logins: Generated<number>;
  locked_until: Date | null;
  last_login_at: Date | null;
  is_demo: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface SessionsTable {
  token_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: CreatedAt;
  last_seen_at: ColumnType<Date, Date | undefined, Date>;
  expires_at: Date;
  ip: string | null;
  user_agent: string | null;
}

export interface ApiTokensTable {
  id: Generated<string>;
  name: string;
  token_hash: string;
  role: Role;
  organisation_id: string | null;
  territory_code: string | null;
  created_by: string | null;
  created_at: CreatedAt;
  last_used_at: Date | null;
  expires_at: Date | null;
  revoked_at: Date | null;
}

export interface AuditLogTable {
  seq: number;
  at: Date;
  actor_user_id: string | null;
  actor_token_id: string | null;
  actor_label: string;
  action: string;
  entity_type: string;
  entity_id: string;
  before: Json;
  after: Json;
  request_id: string | null;
  prev_hash: string;
  hash: string;
}

export type UserRow = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
export type OrganisationRow = Selectable<OrganisationsTable>;
export type ApiTokenRow = Selectable<ApiTokensTable>;
export type AuditRow = Selectable<AuditLogTable>;
export type TerritoryRow = Selectable<TerritoriesTable>;
