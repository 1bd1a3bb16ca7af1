import { type Insertable, type Kysely, sql, type Transaction, type Updateable } from 'kysely';
import type { Database, IndicatorsTable } from '../../db/database.js';
import type { Principal } from '../../shared/principal.js';
import { visibleCommitments } from './indicators.commitments.js';
import type { IndicatorRow, IndicatorTargetRow } from './indicators.schemas.js';

type Db = Kysely<Database> | Transaction<Database>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function findIndicator(db: Db, idOrCode: string): Promise<IndicatorRow | null> {
  const query = db.selectFrom('indicators').selectAll();
  const row = UUID.test(idOrCode)
    ? await query.where('id', '=', idOrCode).executeTakeFirst()
    : await query.where('code', '=', idOrCode.toUpperCase()).executeTakeFirst();
  return row ?? null;
}

export async function findIndicatorByCode(db: Db, code: string): Promise<IndicatorRow | null> {
  return (await db.selectFrom('indicators').selectAll().where('code', '=', code).executeTakeFirst()) ?? null;
}

export async function insertIndicator(db: Db, row: Insertable<IndicatorsTable>): Promise<IndicatorRow> {
  return db.insertInto('indicators').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function updateIndicatorRow(
  db: Db,
  id: string,
  changes: Updateable<IndicatorsTable>,
): Promise<IndicatorRow> {
  return db
    .updateTable('indicators')
    .set({ ...changes, updated_at: new Date(), version: sql`version + 1` })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export interface IndicatorFilters {
  axis?: string | undefined;
  source?: 'reported' | 'computed' | undefined;
  commitment?: string | undefined;
  q?: string | undefined;
}

export async function listIndicators(
  db: Db,
  filters: IndicatorFilters,
  page: { limit: number; offset: number },
): Promise<{ total: number; items: IndicatorRow[] }> {
  let query = db.selectFrom('indicators');
  if (filters.axis) query = query.where('axis_code', '=', filters.axis);
  if (filters.source) query = query.where('source', '=', filters.source);
  if (filters.commitment) {
    const commitmentId = filters.commitment;
    query = query.where('id', 'in', (eb) =>
      eb.selectFrom('commitment_indicators').select('indicator_id').where('commitment_id', '=', commitmentId),
    );
  }
  const q = filters.q?.trim();
  if (q) {
    const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) =>
      eb.or([
        eb('code', 'ilike', like),
        eb('name_fr', 'ilike', like),
        eb('name_ar', 'ilike', like),
        eb('name_en', 'ilike', like),
      ]),
    );
  }
  const total = await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const items = await query.selectAll().orderBy('code').limit(page.limit).offset(page.offset).execute();
  return { total: Number(total.n), items };
}

/** Commitments an indicator measures, among those the caller may see. */
export async function linkedCommitmentIds(
  db: Db,
  principal: Principal,
  indicatorId: string,
): Promise<string[]> {
  const rows = await db
    .selectFrom('commitment_indicators')
    .innerJoin('commitments', 'commitments.id', 'commitment_indicators.commitment_id')
    .innerJoin('conventions', 'conventions.id', 'commitments.convention_id')
    .select('commitment_indicators.commitment_id')
    .where('commitment_indicators.indicator_id', '=', indicatorId)
    .where(visibleCommitments(principal))
    .orderBy('commitment_indicators.commitment_id')
    .execute();
  return rows.map((row) => row.commitment_id);
}

export async function indicatorIdsOfCommitment(db: Db, commitmentId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('commitment_indicators')
    .select('indicator_id')
    .where('commitment_id', '=', commitmentId)
    .orderBy('indicator_id')
    .execute();
  return rows.map((row) => row.indicator_id);
}

export async function isLinked(db: Db, commitmentId: string, indicatorId: string): Promise<boolean> {
  const row = await db
    .selectFrom('commitment_indicators')
    .select('indicator_id')
    .where('commitment_id', '=', commitmentId)
    .where('indicator_id', '=', indicatorId)
    .executeTakeFirst();
  return row !== undefined;
}

/** Whether values were ever reported or written as facts for the indicator (its shape is then fixed). */
export async function indicatorHasData(db: Db, indicatorId: string): Promise<boolean> {
  const report = await db
    .selectFrom('indicator_reports')
    .select('id')
    .where('indicator_id', '=', indicatorId)
    .limit(1)
    .executeTakeFirst();
  if (report) return true;
  const fact = await db
    .selectFrom('indicator_facts')
    .select('id')
    .where('indicator_id', '=', indicatorId)
    .limit(1)
    .executeTakeFirst();
  return fact !== undefined;
}

export async function listTargets(
  db: Db,
  indicatorId: string,
  filters: {
    kind?: 'baseline' | 'target' | undefined;
    territory?: string | null | undefined;
    period?: string | undefined;
    commitment?: string | undefined;
  },
  principal: Principal,
): Promise<IndicatorTargetRow[]> {
  let query = db
    .selectFrom('indicator_targets')
    .selectAll('indicator_targets')
    .where('indicator_targets.indicator_id', '=', indicatorId)
    .where((eb) =>
      eb.or([
        eb('indicator_targets.commitment_id', 'is', null),
        eb(
          'indicator_targets.commitment_id',
          'in',
          eb
            .selectFrom('commitments')
            .innerJoin('conventions', 'conventions.id', 'commitments.convention_id')
            .select('commitments.id')
            .where(visibleCommitments(principal)),
        ),
      ]),
    );
  if (filters.kind) query = query.where('indicator_targets.kind', '=', filters.kind);
  if (filters.territory === null) query = query.where('indicator_targets.territory_code', 'is', null);
  else if (filters.territory) query = query.where('indicator_targets.territory_code', '=', filters.territory);
  if (filters.period) query = query.where('indicator_targets.period', '=', filters.period);
  if (filters.commitment) query = query.where('indicator_targets.commitment_id', '=', filters.commitment);
  return query
    .orderBy('indicator_targets.period')
    .orderBy(sql`coalesce(indicator_targets.territory_code, '')`)
    .orderBy('indicator_targets.kind')
    .execute();
}

export async function findTarget(db: Db, id: string): Promise<IndicatorTargetRow | null> {
  return (
    (await db.selectFrom('indicator_targets').selectAll().where('id', '=', id).executeTakeFirst()) ?? null
  );
}
