import { type Kysely, type RawBuilder, type Selectable, sql, type Transaction } from 'kysely';
import type {
  CommitmentMilestonesTable,
  CommitmentsTable,
  ConventionsTable,
  Database,
} from '../../db/database.js';
import type { Principal } from '../../shared/principal.js';

export type Db = Kysely<Database> | Transaction<Database>;
export type ConventionRow = Selectable<ConventionsTable>;
export type CommitmentRow = Selectable<CommitmentsTable>;
export type MilestoneRow = Selectable<CommitmentMilestonesTable>;

const NO_ID = '00000000-0000-0000-0000-000000000000';

/** Today's date, 'YYYY-MM-DD' (UTC): the reference for overdue flags and counts. */
export function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/**
 * A territory code `column` overlaps territory `code`: the same, a province inside it, or the region
 * it belongs to (codes nest by prefix: '09' ⊃ '09.273').
 */
export function overlaps(column: RawBuilder<unknown>, code: string): RawBuilder<boolean> {
  return sql<boolean>`(${column} = ${code} OR ${column} LIKE ${`${code}.%`} OR ${code} LIKE ${column} || '.%')`;
}

/**
 * Which conventions a caller may see, as SQL over the `conventions` table: the public (and actors)
 * published ones; partners also those their organisation is a party to; territorial users also those
 * with a commitment scoped to their territory (national commitments do not count here: they would
 * open every draft to every territory); administrators all.
 */
export function visibleConventions(principal: Principal): RawBuilder<boolean> {
  switch (principal.role) {
    case 'admin':
      return sql<boolean>`true`;
    case 'partner':
      return sql<boolean>`(conventions.published OR EXISTS (
        SELECT 1 FROM convention_parties vp
        WHERE vp.convention_id = conventions.id AND vp.organisation_id = ${principal.organisationId ?? NO_ID}))`;
    case 'territorial':
      return sql<boolean>`(conventions.published OR EXISTS (
        SELECT 1 FROM commitments vc JOIN commitment_territories vt ON vt.commitment_id = vc.id
        WHERE vc.convention_id = conventions.id
          AND ${overlaps(sql.ref('vt.territory_code'), principal.territoryCode ?? '-')}))`;
    default:
      return sql<boolean>`conventions.published`;
  }
}

/** Commitments active in a territory: national ones and those scoped to it, its region or a province inside it. */
export function activeIn(code: string): RawBuilder<boolean> {
  return sql<boolean>`(commitments.scope = 'national' OR EXISTS (
    SELECT 1 FROM commitment_territories at WHERE at.commitment_id = commitments.id
      AND ${overlaps(sql.ref('at.territory_code'), code)}))`;
}

export async function findConvention(db: Db, id: string, principal: Principal | null) {
  let query = db.selectFrom('conventions').selectAll().where('id', '=', id);
  if (principal) query = query.where(visibleConventions(principal));
  return (await query.executeTakeFirst()) ?? null;
}

export async function lockConvention(trx: Transaction<Database>, id: string) {
  return (
    (await trx.selectFrom('conventions').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()) ??
    null
  );
}

export async function findConventionByReference(db: Db, reference: string) {
  return (
    (await db
      .selectFrom('conventions')
      .select(['id', 'reference'])
      .where(sql<boolean>`lower(reference) = lower(${reference})`)
      .executeTakeFirst()) ?? null
  );
}

export async function axesOf(db: Db, conventionIds: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (conventionIds.length === 0) return out;
  const rows = await db
    .selectFrom('convention_axis_links as l')
    .innerJoin('convention_axes as a', 'a.code', 'l.axis_code')
    .select(['l.convention_id', 'l.axis_code'])
    .where('l.convention_id', 'in', conventionIds)
    .orderBy('a.position')
    .execute();
  for (const row of rows) out.set(row.convention_id, [...(out.get(row.convention_id) ?? []), row.axis_code]);
  return out;
}

export interface PartyRow {
  convention_id: string;
  organisation_id: string;
  role: 'lead' | 'party';
  kind: string;
  partner_type: string | null;
  name_fr: string;
  name_ar: string | null;
  acronym: string | null;
}

export async function partiesOf(db: Db, conventionIds: string[]): Promise<Map<string, PartyRow[]>> {
  const out = new Map<string, PartyRow[]>();
  if (conventionIds.length === 0) return out;
  const rows = await db
    .selectFrom('convention_parties as p')
    .innerJoin('organisations as o', 'o.id', 'p.organisation_id')
    .select([
      'p.convention_id',
      'p.organisation_id',
      'p.role',
      'o.kind',
      'o.partner_type',
      'o.name_fr',
      'o.name_ar',
      'o.acronym',
    ])
    .where('p.convention_id', 'in', conventionIds)
    .orderBy(sql`p.role = 'lead'`, 'desc')
    .orderBy('o.name_fr')
    .execute();
  for (const row of rows) out.set(row.convention_id, [...(out.get(row.convention_id) ?? []), row]);
  return out;
}

export async function signatoriesOf(db: Db, conventionId: string) {
  return db
    .selectFrom('convention_signatories')
    .selectAll()
    .where('convention_id', '=', conventionId)
    .orderBy('position')
    .orderBy('full_name')
    .execute();
}

export async function documentsOf(db: Db, conventionId: string) {
  return db
    .selectFrom('convention_documents as d')
    .innerJoin('stored_files as f', 'f.id', 'd.file_id')
    .select([
      'd.id',
      'd.convention_id',
      'd.kind',
      'd.title',
      'd.file_id',
      'd.created_at',
      'f.sha256',
      'f.size_bytes',
      'f.original_name',
    ])
    .where('d.convention_id', '=', conventionId)
    .orderBy('d.created_at')
    .orderBy('d.id')
    .execute();
}
export type DocumentRow = Awaited<ReturnType<typeof documentsOf>>[number];

export interface CountsRow {
  commitments: number;
  commitmentsOverdue: number;
  budgetCentimes: number;
  milestones: number;
  milestonesDone: number;
  milestonesOverdue: number;
}
export const ZERO_COUNTS: CountsRow = {
  commitments: 0,
  commitmentsOverdue: 0,
  budgetCentimes: 0,
  milestones: 0,
  milestonesDone: 0,
  milestonesOverdue: 0,
};

/** Commitment and milestone counts per convention, in two grouped queries. */
export async function countsOf(
  db: Db,
  conventionIds: string[],
  day: string,
): Promise<Map<string, CountsRow>> {
  const out = new Map<string, CountsRow>();
  if (conventionIds.length === 0) return out;
  const commitments = await db
    .selectFrom('commitments')
    .select((eb) => [
      'convention_id',
      eb.fn.countAll<number>().as('n'),
      sql<number>`count(*) FILTER (WHERE status = 'active' AND ends_on < ${day}::date)`.as('overdue'),
      sql<number>`coalesce(sum(budget_centimes), 0)`.as('budget'),
    ])
    .where('convention_id', 'in', conventionIds)
    .groupBy('convention_id')
    .execute();
  const milestones = await db
    .selectFrom('commitment_milestones as m')
    .innerJoin('commitments as c', 'c.id', 'm.commitment_id')
    .select((eb) => [
      'c.convention_id',
      eb.fn.countAll<number>().as('n'),
      sql<number>`count(*) FILTER (WHERE m.status = 'done')`.as('done'),
      sql<number>`count(*) FILTER (WHERE m.status IN ('planned', 'in_progress') AND m.due_on < ${day}::date)`.as(
        'overdue',
      ),
    ])
    .where('c.convention_id', 'in', conventionIds)
    .groupBy('c.convention_id')
    .execute();
  for (const id of conventionIds) out.set(id, { ...ZERO_COUNTS });
  for (const row of commitments) {
    const counts = out.get(row.convention_id);
    if (!counts) continue;
    counts.commitments = Number(row.n);
    counts.commitmentsOverdue = Number(row.overdue);
    counts.budgetCentimes = Number(row.budget);
  }
  for (const row of milestones) {
    const counts = out.get(row.convention_id);
    if (!counts) continue;
    counts.milestones = Number(row.n);
    counts.milestonesDone = Number(row.done);
    counts.milestonesOverdue = Number(row.overdue);
  }
  return out;
}

export interface CommitmentWithOrg extends CommitmentRow {
  organisation_name_fr: string;
  organisation_name_ar: string | null;
  organisation_acronym: string | null;
}

/** Commitments (with their organisation's names) of some conventions, or some commitments by id. */
export async function commitmentsWhere(
  db: Db,
  filter: { conventionIds?: string[]; ids?: string[]; activeIn?: string },
): Promise<CommitmentWithOrg[]> {
  if (filter.conventionIds?.length === 0 || filter.ids?.length === 0) return [];
  let query = db
    .selectFrom('commitments')
    .innerJoin('organisations as o', 'o.id', 'commitments.organisation_id')
    .selectAll('commitments')
    .select([
      'o.name_fr as organisation_name_fr',
      'o.name_ar as organisation_name_ar',
      'o.acronym as organisation_acronym',
    ]);
  if (filter.conventionIds) query = query.where('commitments.convention_id', 'in', filter.conventionIds);
  if (filter.ids) query = query.where('commitments.id', 'in', filter.ids);
  if (filter.activeIn) query = query.where(activeIn(filter.activeIn));
  return query
    .orderBy(sql`commitments.reference IS NULL`)
    .orderBy('commitments.reference')
    .orderBy('commitments.created_at')
    .orderBy('commitments.id')
    .execute();
}

export async function territoriesOf(db: Db, commitmentIds: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (commitmentIds.length === 0) return out;
  const rows = await db
    .selectFrom('commitment_territories')
    .selectAll()
    .where('commitment_id', 'in', commitmentIds)
    .orderBy('territory_code')
    .execute();
  for (const row of rows)
    out.set(row.commitment_id, [...(out.get(row.commitment_id) ?? []), row.territory_code]);
  return out;
}

export async function milestonesOf(db: Db, commitmentIds: string[]): Promise<Map<string, MilestoneRow[]>> {
  const out = new Map<string, MilestoneRow[]>();
  if (commitmentIds.length === 0) return out;
  const rows = await db
    .selectFrom('commitment_milestones')
    .selectAll()
    .where('commitment_id', 'in', commitmentIds)
    .orderBy('position')
    .orderBy('due_on')
    .orderBy('id')
    .execute();
  for (const row of rows) out.set(row.commitment_id, [...(out.get(row.commitment_id) ?? []), row]);
  return out;
}
