import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from '../../db/database.js';
import { type Context, systemContext } from '../../shared/principal.js';
import { recordAudit } from '../audit/audit.service.js';
import { COMPUTED_INDICATORS, type ComputedIndicator } from './analytics.computed.definitions.js';

/**
 * The computed indicators' life: their definitions (`analytics.computed.definitions.ts`) written
 * into `indicators` at start, and their facts recomputed from the registry and the programmes'
 * benefits by the refresh, writing only what changed.
 */
export { COMPUTED_INDICATORS, type ComputedIndicator };

interface StoredDefinition {
  id: string;
  code: string;
  name_fr: string;
  name_ar: string;
  name_en: string;
  description_fr: string | null;
  unit: string;
  aggregation: string;
  temporal: string;
  disaggregations: string[];
  axis_code: string | null;
  computed_key: string | null;
  source: string;
}

function definitionRow(indicator: ComputedIndicator) {
  return {
    code: indicator.code,
    name_fr: indicator.nameFr,
    name_ar: indicator.nameAr,
    name_en: indicator.nameEn,
    description_fr: indicator.descriptionFr,
    unit: indicator.unit,
    aggregation: indicator.aggregation,
    temporal: 'stock',
    disaggregations: indicator.disaggregations,
    axis_code: indicator.axisCode,
  };
}

export interface EnsureComputedResult {
  created: string[];
  updated: string[];
  /** Codes held by an indicator that is not this computation: left alone, reported here. */
  conflicts: string[];
}

/**
 * Writes the computed indicators' definitions into `indicators` (created or brought up to date,
 * each change audited); run at every start. Idempotent: nothing is written when nothing changed.
 */
export async function ensureComputedIndicators(
  db: Kysely<Database>,
  ctx: Context = systemContext('system:analytics'),
): Promise<EnsureComputedResult> {
  return db.transaction().execute(async (trx) => {
    const result: EnsureComputedResult = { created: [], updated: [], conflicts: [] };
    for (const indicator of COMPUTED_INDICATORS) {
      const wanted = definitionRow(indicator);
      const stored =
        await sql<StoredDefinition>`SELECT id, code, name_fr, name_ar, name_en, description_fr, unit,
          aggregation, temporal, disaggregations, axis_code, computed_key, source
        FROM indicators WHERE computed_key = ${indicator.key} OR code = ${indicator.code}
        ORDER BY (computed_key IS NULL)`.execute(trx);
      const current = stored.rows[0];
      if (current && current.computed_key !== indicator.key) {
        result.conflicts.push(indicator.code);
        continue;
      }
      const disaggregations = sql`${`{${indicator.disaggregations.join(',')}}`}::text[]`;
      if (!current) {
        const inserted = await sql<{ id: string }>`INSERT INTO indicators (code, name_fr, name_ar, name_en,
            description_fr, unit, aggregation, temporal, disaggregations, source, computed_key, axis_code)
          VALUES (${wanted.code}, ${wanted.name_fr}, ${wanted.name_ar}, ${wanted.name_en}, ${wanted.description_fr},
            ${wanted.unit}, ${wanted.aggregation}, 'stock', ${disaggregations}, 'computed', ${indicator.key}, ${wanted.axis_code})
          RETURNING id`.execute(trx);
        await audit(trx, ctx, 'indicator.created', inserted.rows[0]?.id ?? '', null, wanted);
        result.created.push(indicator.code);
        continue;
      }
      const before = {
        code: current.code,
        name_fr: current.name_fr,
        name_ar: current.name_ar,
        name_en: current.name_en,
        description_fr: current.description_fr,
        unit: current.unit,
        aggregation: current.aggregation,
        temporal: current.temporal,
        disaggregations: current.disaggregations,
        axis_code: current.axis_code,
      };
      if (JSON.stringify(before) === JSON.stringify(wanted)) continue;
      await sql`UPDATE indicators SET code = ${wanted.code}, name_fr = ${wanted.name_fr}, name_ar = ${wanted.name_ar},
          name_en = ${wanted.name_en}, description_fr = ${wanted.description_fr}, unit = ${wanted.unit},
          aggregation = ${wanted.aggregation}, temporal = 'stock', disaggregations = ${disaggregations},
          axis_code = ${wanted.axis_code}, version = version + 1, updated_at = now()
        WHERE id = ${current.id}`.execute(trx);
      // A changed definition changes every fact: recompute them all.
      await sql`DELETE FROM indicator_facts WHERE indicator_id = ${current.id}`.execute(trx);
      await audit(trx, ctx, 'indicator.updated', current.id, before, wanted);
      result.updated.push(indicator.code);
    }
    if (result.updated.length > 0)
      await sql`INSERT INTO analytics_source_changes (source) VALUES ('definitions')`.execute(trx);
    return result;
  });
}

async function audit(
  trx: Transaction<Database>,
  ctx: Context,
  action: string,
  entityId: string,
  before: Record<string, unknown> | null,
  after: Record<string, unknown>,
): Promise<void> {
  await recordAudit(trx, ctx, { action, entityType: 'indicator', entityId, before, after });
}

/** The disaggregation columns a computed fact fills (area is never known from the registry). */
const CELL_COLUMNS = ['sex', 'age_band', 'disability', 'coastal'];
const CELL = CELL_COLUMNS.join(', ');
const cellOf = (alias: string) => CELL_COLUMNS.map((column) => `${alias}.${column}`).join(', ');

/** The monthly snapshots one computed indicator should have, as (territory, month, cell, value...). */
function snapshotSql(indicator: ComputedIndicator): string {
  const ratio = indicator.aggregation === 'ratio';
  const live =
    indicator.live ??
    `SELECT a.*, date_trunc('month', a.created_at AT TIME ZONE 'UTC')::date AS from_month,
        CASE WHEN a.status <> 'active'
          THEN date_trunc('month', coalesce(a.status_changed_on, (a.created_at AT TIME ZONE 'UTC')::date)::timestamp)::date
        END AS to_month
      FROM actors a WHERE a.merged_into IS NULL`;
  return `WITH live AS (
      ${live}
    ), contribution AS (
      SELECT a.province_code AS territory_code, a.from_month, a.to_month, c.*
      FROM live a CROSS JOIN LATERAL (${indicator.contributes.from}) c
      WHERE (${indicator.contributes.where}) AND (a.to_month IS NULL OR a.to_month > a.from_month)
    ), deltas AS (
      SELECT territory_code, ${CELL}, from_month AS month, value, numerator, denominator FROM contribution
      UNION ALL
      SELECT territory_code, ${CELL}, to_month, -value, -numerator, -denominator FROM contribution WHERE to_month IS NOT NULL
    ), monthly AS (
      SELECT territory_code, ${CELL}, month, sum(value) AS value, sum(numerator) AS numerator, sum(denominator) AS denominator
      FROM deltas GROUP BY territory_code, ${CELL}, month
    ), cells AS (
      SELECT territory_code, ${CELL}, min(month) AS first_month FROM monthly GROUP BY territory_code, ${CELL}
    ), grid AS (
      SELECT c.territory_code, ${cellOf('c')}, m::date AS month
      FROM cells c CROSS JOIN LATERAL generate_series(c.first_month::timestamp,
        date_trunc('month', now() AT TIME ZONE 'UTC'), interval '1 month') m
    )
    SELECT g.territory_code, g.month AS period_start, ${cellOf('g')},
      ${ratio ? 'NULL::numeric' : 'coalesce(sum(m.value) OVER w, 0)'} AS value,
      ${ratio ? 'coalesce(sum(m.numerator) OVER w, 0)' : 'NULL::numeric'} AS numerator,
      ${ratio ? 'coalesce(sum(m.denominator) OVER w, 0)' : 'NULL::numeric'} AS denominator
    FROM grid g LEFT JOIN monthly m USING (territory_code, ${CELL}, month)
    WINDOW w AS (PARTITION BY g.territory_code, ${cellOf('g')} ORDER BY g.month)`;
}

export interface ComputedRefreshResult {
  ran: boolean;
  /** Facts deleted and inserted (rows that changed). */
  deleted: number;
  inserted: number;
  milliseconds: number;
}

/**
 * Recomputes the computed indicators' facts when the registry changed since the last time (or a
 * new month began, which needs its snapshot), writing only the facts that changed so the analytics
 * refresh after it touches only those. `force` recomputes regardless.
 */
export async function refreshComputedFacts(
  db: Kysely<Database>,
  options: { force?: boolean } = {},
): Promise<ComputedRefreshResult> {
  const started = performance.now();
  return db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(74342161)`.execute(trx);
    const state = await sql<{ due: boolean; last: number | null }>`SELECT
        (computed_at IS NULL OR date_trunc('month', computed_at AT TIME ZONE 'UTC') < date_trunc('month', now() AT TIME ZONE 'UTC')
          OR EXISTS (SELECT 1 FROM analytics_source_changes)) AS due,
        (SELECT max(id) FROM analytics_source_changes) AS last
      FROM analytics_state`.execute(trx);
    const row = state.rows[0];
    if (!options.force && !row?.due)
      return { ran: false, deleted: 0, inserted: 0, milliseconds: performance.now() - started };
    let deleted = 0;
    let inserted = 0;
    const ids = await sql<{ id: string; computed_key: string }>`SELECT id, computed_key FROM indicators
      WHERE source = 'computed'`.execute(trx);
    const idOf = new Map(ids.rows.map((r) => [r.computed_key, r.id]));
    for (const indicator of COMPUTED_INDICATORS) {
      const id = idOf.get(indicator.key);
      if (!id) continue;
      await sql
        .raw(`CREATE TEMP TABLE analytics_computed ON COMMIT DROP AS ${snapshotSql(indicator)}`)
        .execute(trx);
      const same = `d.territory_code = f.territory_code AND d.period_start = f.period_start AND d.sex = f.sex
        AND d.age_band = f.age_band AND d.disability = f.disability
        AND d.coastal = f.coastal AND d.value IS NOT DISTINCT FROM f.value
        AND d.numerator IS NOT DISTINCT FROM f.numerator AND d.denominator IS NOT DISTINCT FROM f.denominator`;
      const gone = await sql`DELETE FROM indicator_facts f WHERE f.indicator_id = ${id}
        AND NOT EXISTS (SELECT 1 FROM analytics_computed d WHERE ${sql.raw(same)} AND f.period_grain = 'month'
          AND f.area = 'all' AND f.commitment_id IS NULL AND f.report_id IS NULL)`.execute(trx);
      deleted += Number(gone.numAffectedRows ?? 0);
      const added =
        await sql`INSERT INTO indicator_facts (indicator_id, territory_code, period_grain, period_start,
          sex, age_band, disability, coastal, value, numerator, denominator)
        SELECT ${id}, d.territory_code, 'month', d.period_start, d.sex, d.age_band, d.disability, d.coastal,
          d.value, d.numerator, d.denominator
        FROM analytics_computed d
        WHERE NOT EXISTS (SELECT 1 FROM indicator_facts f WHERE f.indicator_id = ${id} AND ${sql.raw(same)})`.execute(
          trx,
        );
      inserted += Number(added.numAffectedRows ?? 0);
      await sql`DROP TABLE analytics_computed`.execute(trx);
    }
    if (row?.last !== null && row?.last !== undefined)
      await sql`DELETE FROM analytics_source_changes WHERE id <= ${row.last}`.execute(trx);
    await sql`UPDATE analytics_state SET computed_at = now()`.execute(trx);
    return { ran: true, deleted, inserted, milliseconds: performance.now() - started };
  });
}
