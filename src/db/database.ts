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
  craft_branches: CraftBranchesTable; // actors
  craft_activities: CraftActivitiesTable; // actors
  actors: ActorsTable; // actors
  actor_change_requests: ActorChangeRequestsTable; // actors
  actor_duplicate_pairs: ActorDuplicatePairsTable; // actors
  actor_merges: ActorMergesTable; // actors
  actor_search_words: { word: string }; // actors: every word of a search key (0015)
  system_settings: SystemSettingsTable; // system
  stored_files: StoredFilesTable; // files
  convention_axes: ConventionAxesTable; // conventions
  conventions: ConventionsTable; // conventions
  convention_axis_links: ConventionAxisLinksTable; // conventions
  convention_parties: ConventionPartiesTable; // conventions
  convention_signatories: ConventionSignatoriesTable; // conventions
  convention_documents: ConventionDocumentsTable; // conventions
  commitments: CommitmentsTable; // conventions
  commitment_territories: CommitmentTerritoriesTable; // conventions
  commitment_milestones: CommitmentMilestonesTable; // conventions
  indicators: IndicatorsTable; // indicators
  commitment_indicators: CommitmentIndicatorsTable; // indicators
  indicator_targets: IndicatorTargetsTable; // indicators
  indicator_reports: IndicatorReportsTable; // indicators
  indicator_report_values: IndicatorReportValuesTable; // indicators
  indicator_facts: IndicatorFactsTable; // indicators (written), analytics (read)
  programmes: ProgrammesTable; // programmes
  programme_commitments: ProgrammeCommitmentsTable; // programmes
  programme_territories: ProgrammeTerritoriesTable; // programmes
  programme_quotas: ProgrammeQuotasTable; // programmes (allocated: benefits)
  calls: CallsTable; // programmes (allocated_*: benefits)
  applications: ApplicationsTable; // programmes
  application_attachments: ApplicationAttachmentsTable; // programmes
  evaluator_assignments: EvaluatorAssignmentsTable; // programmes
  application_scores: ApplicationScoresTable; // programmes
  application_appeals: ApplicationAppealsTable; // programmes
  benefits: BenefitsTable; // programmes (benefits)
  benefit_deliveries: BenefitDeliveriesTable; // programmes (benefits)
  follow_up_visits: FollowUpVisitsTable; // programmes (benefits)
  notifications: NotificationsTable; // programmes
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

export type ActorKind =
  | 'artisan'
  | 'master_artisan'
  | 'cooperative'
  | 'association'
  | 'mutual'
  | 'ess_enterprise';
export type ActorStatus = 'active' | 'suspended' | 'dissolved';

export interface CraftBranchesTable {
  code: string;
  family: 'art_production' | 'service';
  name_fr: string;
  name_ar: string;
  name_en: string;
  source: Generated<string>;
}

export interface CraftActivitiesTable {
  code: string;
  branch_code: string;
  name_fr: string;
  name_ar: string;
  name_en: string;
}

export interface ActorsTable {
  id: Generated<string>;
  kind: ActorKind;
  name_fr: string | null;
  name_ar: string | null;
  search_key: string;
  nia: string | null;
  cin: string | null;
  ice: string | null;
  rc_number: string | null;
  rc_court: string | null;
  if_number: string | null;
  coop_register_number: string | null;
  association_receipt: string | null;
  review_flags: Generated<string[]>;
  province_code: string;
  region_code: string;
  commune: string | null;
  address: string | null;
  latitude: number | null;
  longitude: number | null;
  branch_code: string | null;
  activity_code: string | null;
  founded_on: string | null;
  legal_status: string | null;
  members_women: number | null;
  members_men: number | null;
  members_youth: number | null;
  members_disabled: number | null;
  members_elderly: number | null;
  employees_women: number | null;
  employees_men: number | null;
  employees_youth: number | null;
  employees_disabled: number | null;
  employees_elderly: number | null;
  women_led: Generated<boolean>;
  coastal: Generated<boolean>;
  /** Person facts (artisans and master artisans only; migration 0013). */
  sex: 'female' | 'male' | null;
  birth_date: string | null;
  has_disability: boolean | null;
  phone: string | null;
  email: string | null;
  status: Generated<ActorStatus>;
  status_reason: string | null;
  status_changed_on: string | null;
  organisation_id: string | null;
  merged_into: string | null;
  is_demo: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  version: Generated<number>;
}

export interface ActorChangeRequestsTable {
  id: Generated<string>;
  actor_id: string;
  changes: Json;
  requested_by: string | null;
  requested_label: string;
  requested_at: CreatedAt;
  status: Generated<'pending' | 'approved' | 'rejected'>;
  decided_by_label: string | null;
  decided_at: Date | null;
  decision_note: string | null;
}

export type ActorRow = Selectable<ActorsTable>;
export type NewActorRow = Insertable<ActorsTable>;
export type ActorChangeRequestRow = Selectable<ActorChangeRequestsTable>;

export interface ActorDuplicatePairsTable {
  id: Generated<string>;
  actor_a: string;
  actor_b: string;
  score: number;
  reasons: Json;
  found_at: CreatedAt;
  status: Generated<'open' | 'dismissed' | 'merged'>;
}

export interface ActorMergesTable {
  id: Generated<string>;
  survivor_id: string;
  merged_id: string;
  survivor_before: Json;
  moved_references: Json;
  merged_by_label: string;
  merged_at: CreatedAt;
  undone_at: Date | null;
  undone_by_label: string | null;
}

export interface SystemSettingsTable {
  key: string;
  value: string;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

/** Bytes come back as a Buffer from `pg` and as a Uint8Array from PGlite. */
export interface StoredFilesTable {
  id: Generated<string>;
  sha256: string;
  content_type: 'application/pdf';
  size_bytes: number;
  original_name: string;
  content: ColumnType<Uint8Array, Uint8Array, never>;
  created_by: string | null;
  created_at: CreatedAt;
}

export interface ConventionAxesTable {
  code: string;
  position: number;
  name_fr: string;
  name_ar: string;
  name_en: string;
}

export type ConventionStatus = 'draft' | 'signed' | 'in_force' | 'closed';

export interface ConventionsTable {
  id: Generated<string>;
  reference: string;
  title_fr: string;
  title_ar: string | null;
  summary_fr: string | null;
  summary_ar: string | null;
  status: Generated<ConventionStatus>;
  signed_on: string | null;
  signed_place: string | null;
  signing_event: string | null;
  starts_on: string | null;
  ends_on: string | null;
  published: Generated<boolean>;
  is_demo: Generated<boolean>;
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface ConventionAxisLinksTable {
  convention_id: string;
  axis_code: string;
}

export interface ConventionPartiesTable {
  convention_id: string;
  organisation_id: string;
  role: Generated<'lead' | 'party'>;
}

export interface ConventionSignatoriesTable {
  id: Generated<string>;
  convention_id: string;
  organisation_id: string;
  full_name: string;
  function_title: string | null;
  position: Generated<number>;
}

export type ConventionDocumentKind = 'signed_convention' | 'annex' | 'amendment' | 'report' | 'other';

export interface ConventionDocumentsTable {
  id: Generated<string>;
  convention_id: string;
  file_id: string;
  kind: Generated<ConventionDocumentKind>;
  title: string;
  created_by: string | null;
  created_at: CreatedAt;
}

export interface CommitmentsTable {
  id: Generated<string>;
  convention_id: string;
  organisation_id: string;
  reference: string | null;
  title_fr: string;
  title_ar: string | null;
  description: string | null;
  axis_code: string;
  budget_centimes: number | null;
  starts_on: string | null;
  ends_on: string | null;
  scope: Generated<'national' | 'territories'>;
  status: Generated<'active' | 'completed' | 'cancelled'>;
  is_demo: Generated<boolean>;
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface CommitmentTerritoriesTable {
  commitment_id: string;
  territory_code: string;
}

export type MilestoneStatus = 'planned' | 'in_progress' | 'done' | 'cancelled';

export interface CommitmentMilestonesTable {
  id: Generated<string>;
  commitment_id: string;
  title_fr: string;
  title_ar: string | null;
  due_on: string;
  status: Generated<MilestoneStatus>;
  done_on: string | null;
  position: Generated<number>;
}

export type IndicatorUnit =
  | 'number'
  | 'persons'
  | 'actors'
  | 'mad'
  | 'percent'
  | 'kg'
  | 'm3'
  | 'tonnes'
  | 'hours'
  | 'days';
export type IndicatorAggregation = 'sum' | 'count' | 'average' | 'ratio';
export type Disaggregation = 'sex' | 'age_band' | 'disability' | 'area' | 'coastal';
export type PeriodGrain = 'month' | 'quarter' | 'year';

export interface IndicatorsTable {
  id: Generated<string>;
  code: string;
  name_fr: string;
  name_ar: string;
  name_en: string;
  description_fr: string | null;
  description_ar: string | null;
  description_en: string | null;
  unit: IndicatorUnit;
  aggregation: IndicatorAggregation;
  temporal: Generated<'flow' | 'stock'>;
  disaggregations: Generated<Disaggregation[]>;
  source: 'reported' | 'computed';
  computed_key: string | null;
  axis_code: string | null;
  is_demo: Generated<boolean>;
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface CommitmentIndicatorsTable {
  commitment_id: string;
  indicator_id: string;
}

export interface IndicatorTargetsTable {
  id: Generated<string>;
  indicator_id: string;
  commitment_id: string | null;
  territory_code: string | null;
  period: string;
  kind: 'baseline' | 'target';
  value: number;
  is_demo: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export type ReportStatus = 'submitted' | 'validated' | 'returned';

export interface IndicatorReportsTable {
  id: Generated<string>;
  indicator_id: string;
  commitment_id: string;
  territory_code: string | null;
  period: string;
  status: Generated<ReportStatus>;
  evidence_file_id: string | null;
  note: string | null;
  review_comment: string | null;
  submitted_by: string | null;
  submitted_at: ColumnType<Date, Date | string | undefined, Date | string>;
  reviewed_by: string | null;
  reviewed_at: Date | null;
  is_demo: Generated<boolean>;
  version: Generated<number>;
}

/** One disaggregation cell; a dimension the indicator does not break down by holds 'all'. */
export interface DisaggregationCell {
  sex: Generated<'all' | 'female' | 'male'>;
  age_band: Generated<'all' | 'youth' | 'adult' | 'elderly'>;
  disability: Generated<'all' | 'yes' | 'no'>;
  area: Generated<'all' | 'urban' | 'rural'>;
  coastal: Generated<'all' | 'yes' | 'no'>;
}

export interface IndicatorReportValuesTable extends DisaggregationCell {
  report_id: string;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
}

export interface IndicatorFactsTable extends DisaggregationCell {
  id: Generated<number>;
  indicator_id: string;
  report_id: string | null;
  commitment_id: string | null;
  territory_code: string | null;
  period_grain: PeriodGrain;
  period_start: string;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  is_demo: Generated<boolean>;
}

// ---- programmes (0010) -------------------------------------------------------------------------

/** A jsonb column with a default: read as parsed JSON, written as a JSON string. */
type JsonWithDefault = ColumnType<unknown, string | undefined, string>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;

export type ProgrammeKind =
  | 'financing'
  | 'training'
  | 'raw_material'
  | 'market_access'
  | 'equipment'
  | 'accompaniment';
export type MaterialSource = 'forest' | 'agricultural' | 'maritime';
export type MaterialUnit = 'm3' | 'kg' | 't' | 'l' | 'unit' | 'bundle';
export type CallStatus = 'draft' | 'published' | 'closed' | 'decided' | 'cancelled';
export type ApplicationStatus =
  | 'draft'
  | 'submitted'
  | 'eligible'
  | 'ineligible'
  | 'scored'
  | 'selected'
  | 'waitlisted'
  | 'rejected'
  | 'appealed'
  | 'final'
  | 'withdrawn';

export interface ProgrammesTable {
  id: Generated<string>;
  reference: string;
  organisation_id: string;
  kind: ProgrammeKind;
  subkind: string | null;
  title_fr: string;
  title_ar: string | null;
  title_en: string | null;
  description: string | null;
  budget_centimes: number | null;
  capacity: number | null;
  scope: Generated<'national' | 'territories'>;
  material_source: MaterialSource | null;
  material: string | null;
  unit: MaterialUnit | null;
  starts_on: string | null;
  ends_on: string | null;
  status: Generated<'draft' | 'active' | 'closed'>;
  is_demo: Generated<boolean>;
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface ProgrammeCommitmentsTable {
  programme_id: string;
  commitment_id: string;
}

export interface ProgrammeTerritoriesTable {
  programme_id: string;
  territory_code: string;
}

export interface ProgrammeQuotasTable {
  id: Generated<string>;
  programme_id: string;
  unit: MaterialUnit;
  period: string;
  territory_code: string | null;
  quantity: number;
  allocated: Generated<number>;
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface CallsTable {
  id: Generated<string>;
  programme_id: string;
  reference: string;
  title_fr: string;
  title_ar: string | null;
  title_en: string | null;
  description: string | null;
  opens_at: Timestamp;
  closes_at: Timestamp;
  eligibility_rules: JsonWithDefault;
  form_fields: JsonWithDefault;
  scoring_grid: JsonWithDefault;
  reserved_shares: JsonWithDefault;
  budget_centimes: number | null;
  capacity: number | null;
  allocated_centimes: Generated<number>;
  allocated_seats: Generated<number>;
  quota_period: string | null;
  evaluators_per_application: Generated<number>;
  appeal_days: Generated<number>;
  status: Generated<CallStatus>;
  is_demo: Generated<boolean>;
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface ApplicationsTable {
  id: Generated<string>;
  call_id: string;
  actor_id: string;
  submitted_by: string | null;
  submitted_by_label: string;
  on_behalf: Generated<boolean>;
  status: Generated<ApplicationStatus>;
  answers: JsonWithDefault;
  eligible: boolean | null;
  eligibility: Json;
  eligibility_checked_at: Timestamp | null;
  requested_centimes: number | null;
  requested_seats: number | null;
  requested_quantity: number | null;
  total_score: number | null;
  rank: number | null;
  waitlist_position: number | null;
  submitted_at: Timestamp | null;
  decided_at: Timestamp | null;
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface ApplicationAttachmentsTable {
  application_id: string;
  file_id: string;
  label: string;
  created_at: CreatedAt;
}

export interface EvaluatorAssignmentsTable {
  application_id: string;
  evaluator_id: string;
  assigned_by_label: string;
  assigned_at: CreatedAt;
  has_conflict: boolean | null;
  declaration: string | null;
  declared_at: Timestamp | null;
  total: number | null;
}

export interface ApplicationScoresTable {
  application_id: string;
  evaluator_id: string;
  criterion: string;
  score: number;
  comment: string | null;
  scored_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface ApplicationAppealsTable {
  id: Generated<string>;
  application_id: string;
  reason: string;
  filed_by_label: string;
  filed_at: CreatedAt;
  outcome: 'upheld' | 'dismissed' | null;
  decision_note: string | null;
  decided_at: Timestamp | null;
}

export interface BenefitsTable {
  id: Generated<string>;
  programme_id: string;
  call_id: string | null;
  application_id: string | null;
  actor_id: string;
  amount_centimes: number | null;
  seats: number | null;
  quantity: number | null;
  unit: MaterialUnit | null;
  quota_id: string | null;
  status: Generated<'granted' | 'delivered' | 'withdrawn' | 'cancelled'>;
  granted_at: ColumnType<Date, Date | string | undefined, Date | string>;
  granted_by_label: string;
  status_note: string | null;
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface BenefitDeliveriesTable {
  id: Generated<string>;
  benefit_id: string;
  kind: 'disbursement' | 'delivery' | 'attendance' | 'completion';
  delivered_on: string;
  amount_centimes: number | null;
  quantity: number | null;
  note: string | null;
  recorded_by_label: string;
  created_at: CreatedAt;
}

export interface FollowUpVisitsTable {
  id: Generated<string>;
  benefit_id: string;
  visited_on: string;
  visitor_id: string | null;
  visitor_label: string;
  notes: string;
  created_at: CreatedAt;
}

export interface NotificationsTable {
  id: Generated<string>;
  user_id: string | null;
  organisation_id: string | null;
  kind: string;
  application_id: string | null;
  payload: JsonWithDefault;
  read_at: Timestamp | null;
  created_at: CreatedAt;
}
