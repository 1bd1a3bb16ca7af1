import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Database, Disaggregation, PeriodGrain } from '../../db/database.js';
import { NO_COMMITMENT } from './analytics.refresh.js';

/**
 * The two ways to answer one analytics question: from the aggregates (what the API does) and from
 * the raw facts (the baseline the benchmark compares with, and the oracle the tests check against).
 * Both return the same measures for each (territory, period, breakdown value) cell that has facts.
 */

export type TerritoryLevel = 'nation' | 'region' | 'province';

export interface AnalyticsSpec {
  indicatorId: string;
  level: TerritoryLevel;
  grain: PeriodGrain;
  /** First day of the first and of the last period of `grain` asked for. */
  fromStart: string;
  toStart: string;
  /** The day after the last period (for the raw facts). */
  toEndExclusive: string;
  /** Only territories within this one (a region or province code); null for all. */
  within: string | null;
  /** 'none' for the total, or one disaggregation. */
  dim: 'none' | Disaggregation;
  /** Only these values of `dim`; null for all. */
  dimValues: string[] | null;
  /** Only facts of these commitments (NO_COMMITMENT for facts without one); null for all. */
  commitmentKeys: string[] | null;
}

export interface Measures {
  n_facts: number;
  value_sum: number | null;
  value_count: number;
  num_sum: number | null;
  den_sum: number | null;
  stock_end: string | null;
  stock_value_sum: number | null;
  stock_value_count: number | null;
  stock_num_sum: number | null;
  stock_den_sum: number | null;
}

export interface CellMeasures extends Measures {
  /** '' for the nation. */
  territory_code: string;
  period_start: string;
  dim_value: string;
}

export const cellKey = (territory: string, periodStart: string, value: string) =>
  `${territory}|${periodStart}|${value}`;

const CELL = 'territory_code, period_start, dim_value';

/**
 * Adds up partial rows per cell. `leaf`: the columns naming a leaf (own territory and commitment) of
 * raw facts, within which a stock keeps only its latest snapshot; null for aggregate rows, whose stock
 * values already are their leaves' latest snapshots and add up.
 */
function combineCells(source: RawBuilder<unknown>, leaf: string | null): RawBuilder<CellMeasures> {
  const filter = sql.raw(leaf ? ' FILTER (WHERE latest)' : '');
  const inner = leaf
    ? sql`SELECT p.*, p.stock_end = max(p.stock_end) OVER (PARTITION BY ${sql.raw(`${CELL}, ${leaf}`)}) AS latest FROM (${source}) p`
    : source;
  return sql<CellMeasures>`SELECT ${sql.raw(CELL)}, sum(n_facts)::int AS n_facts, sum(value_sum) AS value_sum,
      sum(value_count)::int AS value_count, sum(num_sum) AS num_sum, sum(den_sum) AS den_sum,
      max(stock_end) AS stock_end,
      sum(stock_value_sum)${filter} AS stock_value_sum,
      sum(stock_value_count)${filter}::int AS stock_value_count,
      sum(stock_num_sum)${filter} AS stock_num_sum,
      sum(stock_den_sum)${filter} AS stock_den_sum
    FROM (${inner}) c
    GROUP BY ${sql.raw(CELL)}`;
}

function withinCondition(column: string, spec: AnalyticsSpec): RawBuilder<unknown> {
  if (!spec.within) return sql`true`;
  return sql`(${sql.ref(column)} = ${spec.within} OR ${sql.ref(column)} LIKE ${`${spec.within}.%`})`;
}

const uuidList = (ids: string[]) => sql`ARRAY[${sql.join(ids.map((id) => sql`${id}`))}]::uuid[]`;
const textList = (values: string[]) => sql`ARRAY[${sql.join(values.map((v) => sql`${v}`))}]::text[]`;

/** The cells from `analytics_aggregates`: a primary-key range read, commitments added up. */
export async function queryAggregates(db: Kysely<Database>, spec: AnalyticsSpec): Promise<CellMeasures[]> {
  const source = sql`SELECT a.* FROM analytics_aggregates a
    WHERE a.indicator_id = ${spec.indicatorId} AND a.territory_level = ${spec.level} AND a.grain = ${spec.grain}
      AND a.period_start BETWEEN ${spec.fromStart}::date AND ${spec.toStart}::date AND a.dim = ${spec.dim}
      AND ${withinCondition('a.territory_code', spec)}
      AND ${spec.dimValues ? sql`a.dim_value = ANY(${textList(spec.dimValues)})` : sql`true`}
      AND ${spec.commitmentKeys ? sql`a.commitment_key = ANY(${uuidList(spec.commitmentKeys)})` : sql`true`}`;
  const result = await combineCells(source, null).execute(db);
  return result.rows;
}

const GRAINS_WITHIN: Record<PeriodGrain, string[]> = {
  month: ['month'],
  quarter: ['month', 'quarter'],
  year: ['month', 'quarter', 'year'],
};

/** The same cells computed from `indicator_facts` directly (the benchmark's baseline). */
export async function queryRawFacts(db: Kysely<Database>, spec: AnalyticsSpec): Promise<CellMeasures[]> {
  const territory =
    spec.level === 'nation'
      ? sql`''`
      : spec.level === 'region'
        ? sql`left(f.territory_code, 2)`
        : sql`left(f.territory_code, 6)`;
  const levelCondition =
    spec.level === 'nation'
      ? sql`true`
      : spec.level === 'region'
        ? sql`f.territory_code IS NOT NULL`
        : sql`length(f.territory_code) >= 6`;
  const dimColumn = spec.dim === 'none' ? null : sql.ref(`f.${spec.dim}`);
  const source = sql`SELECT ${territory} AS territory_code,
      date_trunc(${spec.grain}, f.period_start::timestamp)::date AS period_start,
      ${dimColumn ?? sql`'all'`} AS dim_value,
      1 AS n_facts, f.value AS value_sum, (f.value IS NOT NULL)::int AS value_count,
      f.numerator AS num_sum, f.denominator AS den_sum,
      (f.period_start + (CASE f.period_grain WHEN 'month' THEN 1 WHEN 'quarter' THEN 3 ELSE 12 END) * interval '1 month' - interval '1 day')::date AS stock_end,
      coalesce(left(f.territory_code, 6), '') AS leaf, coalesce(f.commitment_id, ${NO_COMMITMENT}::uuid) AS commitment_key,
      f.value AS stock_value_sum, (f.value IS NOT NULL)::int AS stock_value_count,
      f.numerator AS stock_num_sum, f.denominator AS stock_den_sum
    FROM indicator_facts f
    WHERE f.indicator_id = ${spec.indicatorId}
      AND f.period_grain = ANY(${textList(GRAINS_WITHIN[spec.grain])})
      AND f.period_start >= ${spec.fromStart}::date AND f.period_start < ${spec.toEndExclusive}::date
      AND ${levelCondition} AND ${withinCondition('f.territory_code', spec)}
      AND ${dimColumn ? sql`${dimColumn} <> 'all'` : sql`true`}
      AND ${spec.dimValues && dimColumn ? sql`${dimColumn} = ANY(${textList(spec.dimValues)})` : sql`true`}
      AND ${
        spec.commitmentKeys
          ? sql`coalesce(f.commitment_id, ${NO_COMMITMENT}::uuid) = ANY(${uuidList(spec.commitmentKeys)})`
          : sql`true`
      }`;
  const result = await combineCells(source, 'leaf, commitment_key').execute(db);
  return result.rows;
}
