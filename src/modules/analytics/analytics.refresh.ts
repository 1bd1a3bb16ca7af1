import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from '../../db/database.js';

/**
 * Keeps `analytics_aggregates` equal to what `indicator_facts` says (see the migration
 * 0009_analytics.sql for the design and the README for when this runs).
 *
 * Both refreshes run the same steps, in one transaction, under one advisory lock:
 *  1. leaves: the facts grouped at their own territory (a prefecture of arrondissements read as its
 *     province), own grain and commitment, one row per breakdown value (GROUPING SETS: the total and
 *     each dimension alone);
 *  2. periods, per leaf: months as they are; quarters from the quarter's own facts and its months;
 *     years from the year's own facts and its quarters. A stock keeps the latest snapshot of each
 *     leaf (territory and commitment), so a province that reported in August and not in September
 *     still counts in the third quarter;
 *  3. territories: provinces as they are; a region adds up its own leaves and its provinces; the
 *     nation adds up its own leaves and the regions (stocks too: the leaves' latest snapshots add up).
 * The incremental refresh reads only the facts of the (indicator, year) slices a change touched, in
 * the regions it touched (and the national facts), deletes the aggregate rows of the touched
 * territories and their ancestors, periods and their ancestors, and writes exactly those back; the
 * nation's rows add the regions' aggregate rows, so untouched regions are read from the aggregates,
 * not from their facts. The full rebuild reads every fact and writes every row.
 */

export const NO_COMMITMENT = '00000000-0000-0000-0000-000000000000';
const LOCK_KEY = 74342160;

const KEY =
  'indicator_id, territory_level, grain, period_start, dim, territory_code, dim_value, commitment_key';
const MEASURES =
  'n_facts, value_sum, value_count, num_sum, den_sum, stock_end, stock_value_sum, stock_value_count, stock_num_sum, stock_den_sum';
const COLUMNS = `${KEY}, ${MEASURES}`;

/**
 * One row per key from partial rows: `source` is a SELECT giving every column with the target key
 * already in place. `latest`: stocks keep the partial rows of the latest snapshot only (period
 * roll-ups); otherwise stock values add up like the others (territory and commitment roll-ups).
 */
export function combineSql(source: string, latest: boolean, key: string = KEY): string {
  const filter = latest ? ' FILTER (WHERE latest)' : '';
  const inner = latest
    ? `SELECT p.*, p.stock_end = max(p.stock_end) OVER (PARTITION BY ${key}) AS latest FROM (${source}) p`
    : source;
  return `SELECT ${key}, sum(n_facts)::int AS n_facts, sum(value_sum) AS value_sum, sum(value_count)::int AS value_count,
    sum(num_sum) AS num_sum, sum(den_sum) AS den_sum, max(stock_end) AS stock_end,
    sum(stock_value_sum)${filter} AS stock_value_sum,
    sum(stock_value_count)${filter}::int AS stock_value_count,
    sum(stock_num_sum)${filter} AS stock_num_sum,
    sum(stock_den_sum)${filter} AS stock_den_sum
  FROM (${inner}) c
  GROUP BY ${key}`;
}

/** The facts grouped at their own territory and grain; `from` gives the facts read (alias x). */
function leafSql(from: string): string {
  const periodEnd = `(f.period_start + (CASE f.period_grain WHEN 'month' THEN 1 WHEN 'quarter' THEN 3 ELSE 12 END) * interval '1 month' - interval '1 day')::date`;
  // Each fact counts in the total ('none') and under each dimension it is broken down by: one hash
  // aggregation over that expansion (faster than GROUPING SETS, which sorts for some of its sets).
  return `SELECT f.indicator_id,
      CASE WHEN f.tcode = '' THEN 'nation' WHEN length(f.tcode) = 2 THEN 'region' ELSE 'province' END AS territory_level,
      f.period_grain AS grain, f.period_start, d.dim, f.tcode AS territory_code, d.dim_value, f.commitment_key,
      count(*)::int AS n_facts, sum(f.value) AS value_sum, count(f.value)::int AS value_count,
      sum(f.numerator) AS num_sum, sum(f.denominator) AS den_sum,
      CASE WHEN f.is_stock THEN ${periodEnd} END AS stock_end,
      CASE WHEN f.is_stock THEN sum(f.value) END AS stock_value_sum,
      CASE WHEN f.is_stock THEN count(f.value)::int END AS stock_value_count,
      CASE WHEN f.is_stock THEN sum(f.numerator) END AS stock_num_sum,
      CASE WHEN f.is_stock THEN sum(f.denominator) END AS stock_den_sum
    FROM (
      SELECT x.indicator_id, x.period_grain, x.period_start, x.sex, x.age_band, x.disability, x.area, x.coastal,
        x.value, x.numerator, x.denominator,
        coalesce(left(x.territory_code, 6), '') AS tcode,
        coalesce(x.commitment_id, '${NO_COMMITMENT}'::uuid) AS commitment_key,
        i.temporal = 'stock' AS is_stock
      FROM ${from} JOIN indicators i ON i.id = x.indicator_id
    ) f
    CROSS JOIN LATERAL (VALUES ('none', 'all'), ('sex', f.sex), ('age_band', f.age_band),
      ('disability', f.disability), ('area', f.area), ('coastal', f.coastal)) d(dim, dim_value)
    WHERE d.dim = 'none' OR d.dim_value <> 'all'
    GROUP BY f.indicator_id, f.is_stock, f.commitment_key, f.tcode, f.period_grain, f.period_start, d.dim, d.dim_value`;
}

/** The same columns with the territory or period mapped to its parent (for the roll-ups). */
function mapped(table: string, overrides: Record<string, string>, where: string): string {
  const columns = COLUMNS.split(', ').map((column) =>
    overrides[column] ? `${overrides[column]} AS ${column}` : `${table}.${column}`,
  );
  return `SELECT ${columns.join(', ')} FROM ${table} WHERE ${where}`;
}

const trunc = (grain: 'quarter' | 'year', column: string) =>
  `date_trunc('${grain}', ${column}::timestamp)::date`;

async function run(trx: Transaction<Database>, statement: string): Promise<number> {
  const result = await sql.raw(statement).execute(trx);
  return Number(result.numAffectedRows ?? 0);
}

/** Steps 1-3 above; `incremental` reads the slices and writes the keys in the temp tables. */
async function rebuildRows(trx: Transaction<Database>, incremental: boolean): Promise<number> {
  const facts = incremental
    ? `analytics_slices s JOIN indicator_facts x ON x.indicator_id = s.indicator_id
        AND x.period_start >= s.year_start AND x.period_start < (s.year_start + interval '1 year')::date
        AND (x.territory_code IS NULL OR left(x.territory_code, 2) = ANY(s.regions))`
    : 'indicator_facts x';
  // CREATE TABLE AS (not INSERT ... SELECT) lets PostgreSQL read the facts with parallel workers.
  await run(trx, `CREATE TEMP TABLE analytics_stage ON COMMIT DROP AS ${leafSql(facts)}`);
  // Own quarterly facts with the quarter's months, then own yearly facts with the year's quarters.
  for (const [grain, child] of [
    ['quarter', 'month'],
    ['year', 'quarter'],
  ] as const) {
    const children = mapped(
      'analytics_stage',
      { grain: `'${grain}'`, period_start: trunc(grain, 'analytics_stage.period_start') },
      `grain = '${child}'`,
    );
    const own = `SELECT ${COLUMNS} FROM analytics_stage WHERE grain = '${grain}'`;
    await run(
      trx,
      `CREATE TEMP TABLE analytics_stage_${grain} ON COMMIT DROP AS ${combineSql(`${own} UNION ALL ${children}`, true)}`,
    );
    await run(trx, `DELETE FROM analytics_stage WHERE grain = '${grain}'`);
    await run(
      trx,
      `INSERT INTO analytics_stage (${COLUMNS}) SELECT ${COLUMNS} FROM analytics_stage_${grain}`,
    );
  }
  const keep = (alias: string) =>
    incremental
      ? ` AND EXISTS (SELECT 1 FROM analytics_affected af WHERE af.indicator_id = ${alias}.indicator_id AND af.territory_level = ${alias}.territory_level AND af.territory_code = ${alias}.territory_code AND af.grain = ${alias}.grain AND af.period_start = ${alias}.period_start)`
      : '';
  let written = 0;
  written += await run(
    trx,
    `INSERT INTO analytics_aggregates (${COLUMNS}) SELECT ${COLUMNS} FROM analytics_stage s WHERE s.territory_level = 'province'${keep('s')}`,
  );
  const regions = mapped(
    'analytics_stage',
    { territory_level: `'region'`, territory_code: 'left(analytics_stage.territory_code, 2)' },
    `territory_level IN ('region', 'province')`,
  );
  written += await run(
    trx,
    `INSERT INTO analytics_aggregates (${COLUMNS}) SELECT r.* FROM (${combineSql(regions, false)}) r WHERE true${keep('r')}`,
  );
  // The nation: its own facts' rows and every region's aggregate rows (just written for the regions
  // a change touched, untouched for the others, which the incremental stage did not read).
  const regionRows = incremental
    ? `SELECT ${COLUMNS.split(', ')
        .map((c) =>
          c === 'territory_level'
            ? `'nation' AS territory_level`
            : c === 'territory_code'
              ? `'' AS territory_code`
              : `a.${c}`,
        )
        .join(', ')}
       FROM analytics_aggregates a JOIN analytics_affected af ON af.indicator_id = a.indicator_id
         AND af.territory_level = 'nation' AND af.grain = a.grain AND af.period_start = a.period_start
       WHERE a.territory_level = 'region'`
    : mapped(
        'analytics_aggregates',
        { territory_level: `'nation'`, territory_code: `''` },
        `territory_level = 'region'`,
      );
  const nation = `SELECT ${COLUMNS} FROM analytics_stage WHERE territory_level = 'nation' UNION ALL ${regionRows}`;
  written += await run(
    trx,
    `INSERT INTO analytics_aggregates (${COLUMNS}) SELECT n.* FROM (${combineSql(nation, false)}) n WHERE true${keep('n')}`,
  );
  return written;
}

export interface RefreshResult {
  mode: 'none' | 'incremental' | 'full';
  /** Dirty (indicator, territory, period) keys taken (incremental). */
  changes: number;
  /** Aggregate keys (indicator, territory, grain, period) recomputed (incremental). */
  keys: number;
  rows: number;
  milliseconds: number;
}

async function lock(trx: Transaction<Database>): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(${LOCK_KEY})`.execute(trx);
}

/** Rebuilds every aggregate row from the facts, in one transaction (readers wait for its end). */
export async function rebuildAnalytics(db: Kysely<Database>): Promise<RefreshResult> {
  const started = performance.now();
  const rows = await db.transaction().execute(async (trx) => {
    await lock(trx);
    await run(trx, `SET LOCAL work_mem = '128MB'`);
    await run(trx, 'DELETE FROM analytics_dirty');
    await run(trx, 'TRUNCATE analytics_aggregates');
    // Building the primary key once, sorted, after the rows are in is much faster than keeping it
    // up to date row by row (the table is locked by the TRUNCATE until commit anyway).
    await run(trx, 'ALTER TABLE analytics_aggregates DROP CONSTRAINT analytics_aggregates_pkey');
    const written = await rebuildRows(trx, false);
    await run(
      trx,
      `ALTER TABLE analytics_aggregates ADD CONSTRAINT analytics_aggregates_pkey PRIMARY KEY (${KEY})`,
    );
    await run(trx, 'UPDATE analytics_state SET needs_full = false, rebuilt_at = now(), refreshed_at = now()');
    return written;
  });
  return { mode: 'full', changes: 0, keys: 0, rows, milliseconds: performance.now() - started };
}

/**
 * Brings the aggregates up to date with the facts changed since the last refresh: only the rows of
 * the touched indicators, territories (and their ancestors) and periods (and theirs). Does a full
 * rebuild instead when one is pending (a fresh migration, a TRUNCATE of the facts).
 */
export async function refreshAnalytics(db: Kysely<Database>): Promise<RefreshResult> {
  const started = performance.now();
  const state = await sql<{ needs_full: boolean }>`SELECT needs_full FROM analytics_state`.execute(db);
  if (state.rows[0]?.needs_full) return rebuildAnalytics(db);
  const result = await db.transaction().execute(async (trx) => {
    await lock(trx);
    const again = await sql<{ needs_full: boolean }>`SELECT needs_full FROM analytics_state`.execute(trx);
    if (again.rows[0]?.needs_full) return null;
    await run(
      trx,
      'CREATE TEMP TABLE analytics_claimed ON COMMIT DROP AS SELECT * FROM analytics_dirty WITH NO DATA',
    );
    const changes = await run(
      trx,
      'WITH taken AS (DELETE FROM analytics_dirty RETURNING *) INSERT INTO analytics_claimed SELECT * FROM taken',
    );
    if (changes === 0) return { changes: 0, keys: 0, rows: 0 };
    const periods = `CROSS JOIN LATERAL (VALUES (d.period_grain, d.period_start),
        ('quarter', CASE WHEN d.period_grain = 'month' THEN ${trunc('quarter', 'd.period_start')} END),
        ('year', CASE WHEN d.period_grain <> 'year' THEN ${trunc('year', 'd.period_start')} END)) p(grain, start)`;
    await run(
      trx,
      `CREATE TEMP TABLE analytics_slices ON COMMIT DROP AS
       SELECT d.indicator_id, ${trunc('year', 'd.period_start')} AS year_start,
         array_agg(DISTINCT left(d.territory_code, 2)) FILTER (WHERE d.territory_code <> '') AS regions
       FROM analytics_claimed d GROUP BY 1, 2`,
    );
    await run(
      trx,
      `CREATE TEMP TABLE analytics_affected ON COMMIT DROP AS
       SELECT DISTINCT d.indicator_id, t.level AS territory_level, t.code AS territory_code, p.grain, p.start AS period_start
       FROM analytics_claimed d
       CROSS JOIN LATERAL (VALUES ('nation', ''),
         ('region', CASE WHEN d.territory_code <> '' THEN left(d.territory_code, 2) END),
         ('province', CASE WHEN length(d.territory_code) > 2 THEN left(d.territory_code, 6) END)) t(level, code)
       ${periods}
       WHERE t.code IS NOT NULL AND p.start IS NOT NULL`,
    );
    const keys = await sql<{ n: number }>`SELECT count(*)::int AS n FROM analytics_affected`.execute(trx);
    await run(
      trx,
      `DELETE FROM analytics_aggregates a USING analytics_affected af
       WHERE a.indicator_id = af.indicator_id AND a.territory_level = af.territory_level
         AND a.grain = af.grain AND a.period_start = af.period_start AND a.territory_code = af.territory_code`,
    );
    const rows = await rebuildRows(trx, true);
    await run(trx, 'UPDATE analytics_state SET refreshed_at = now()');
    return { changes, keys: keys.rows[0]?.n ?? 0, rows };
  });
  if (result === null) return rebuildAnalytics(db);
  return {
    mode: result.changes === 0 ? 'none' : 'incremental',
    ...result,
    milliseconds: performance.now() - started,
  };
}

/**
 * The cheap check made before an analytics read: refreshes only when a fact changed since the last
 * refresh (or a rebuild is pending). One indexed probe when nothing changed.
 */
export async function ensureAnalyticsFresh(db: Kysely<Database>): Promise<RefreshResult | null> {
  const probe = await sql<{ pending: boolean }>`
    SELECT EXISTS (SELECT 1 FROM analytics_dirty) OR (SELECT needs_full FROM analytics_state) AS pending`.execute(
    db,
  );
  if (!probe.rows[0]?.pending) return null;
  return refreshAnalytics(db);
}
