import { type Kysely, sql } from 'kysely';
import type { Database, Disaggregation, PeriodGrain } from '../../db/database.js';
import { AppError, fieldError } from '../../shared/errors.js';
import { type Period, parsePeriod, periodError, periodOfDate, periodRange } from '../../shared/periods.js';
import type { Context } from '../../shared/principal.js';
import { findIndicatorByCode } from '../indicators/indicators.repository.js';
import type { IndicatorRow } from '../indicators/indicators.schemas.js';
import {
  type AnalyticsSpec,
  type CellMeasures,
  cellKey,
  queryAggregates,
  type TerritoryLevel,
} from './analytics.query.js';
import { ensureAnalyticsFresh, NO_COMMITMENT } from './analytics.refresh.js';
import {
  type AnalyticsQuery,
  type AnalyticsResult,
  type AnalyticsRow,
  DISAGGREGATION_VALUES,
  MAX_CELLS,
} from './analytics.schemas.js';
import { type TargetRow, targetFor } from './analytics.targets.js';

interface TerritoryCell {
  code: string | null;
  nameFr: string;
  nameAr: string;
}

const NATION: TerritoryCell = { code: null, nameFr: 'Maroc', nameAr: 'المغرب' };

function parseBound(text: string, pointer: string, grain: PeriodGrain): Period {
  const parsed = parsePeriod(text);
  if (!parsed) throw fieldError(pointer, periodError(text) ?? `'${text}' is not a period`);
  return parsed.grain === grain ? parsed : periodOfDate(parsed.start, grain);
}

/** The commitments the convention / axis / partner filters keep; null without filters. */
async function commitmentsOf(
  db: Kysely<Database>,
  ctx: Context,
  indicator: IndicatorRow,
  query: AnalyticsQuery,
): Promise<string[] | null> {
  if (!query.convention && !query.axis && !query.partner) return null;
  if (indicator.source === 'computed') {
    const pointer = query.convention ? 'convention' : query.axis ? 'axis' : 'partner';
    throw fieldError(
      `/querystring/${pointer}`,
      `${indicator.code} is computed from the platform's data: it belongs to no convention, axis or partner`,
      'UNPROCESSABLE',
    );
  }
  if (query.convention) {
    const convention = await db
      .selectFrom('conventions')
      .select(['id', 'published'])
      .where('id', '=', query.convention)
      .executeTakeFirst();
    // Unpublished conventions do not exist for those who may not see them.
    if (!convention || (!convention.published && ctx.principal.role !== 'admin'))
      throw new AppError('NOT_FOUND', `Convention ${query.convention} was not found`);
  }
  if (query.axis) {
    const axis = await db
      .selectFrom('convention_axes')
      .select('code')
      .where('code', '=', query.axis)
      .executeTakeFirst();
    if (!axis) throw fieldError('/querystring/axis', `'${query.axis}' is not a thematic axis code`);
  }
  if (query.partner) {
    const partner = await db
      .selectFrom('organisations')
      .select('id')
      .where('id', '=', query.partner)
      .executeTakeFirst();
    if (!partner) throw new AppError('NOT_FOUND', `Partner ${query.partner} was not found`);
  }
  let commitments = db.selectFrom('commitments').select('id');
  if (query.convention) commitments = commitments.where('convention_id', '=', query.convention);
  if (query.axis) commitments = commitments.where('axis_code', '=', query.axis);
  if (query.partner) commitments = commitments.where('organisation_id', '=', query.partner);
  return (await commitments.execute()).map((row) => row.id);
}

async function territoriesOf(
  db: Kysely<Database>,
  level: TerritoryLevel,
  within: string | null,
): Promise<TerritoryCell[]> {
  if (level === 'nation') return [NATION];
  let query = db
    .selectFrom('territories')
    .select(['code', 'name_fr', 'name_ar'])
    .where('level', '=', level)
    .orderBy('code');
  if (within)
    query = query.where((eb) => eb.or([eb('code', '=', within), eb('code', 'like', `${within}.%`)]));
  return (await query.execute()).map((row) => ({ code: row.code, nameFr: row.name_fr, nameAr: row.name_ar }));
}

const round = (value: number, digits = 6) => Number(value.toFixed(digits));

/** The value of one cell from its measures, by the indicator's aggregation and temporal nature. */
export function actualOf(
  indicator: Pick<IndicatorRow, 'aggregation' | 'temporal' | 'unit'>,
  cell: CellMeasures | undefined,
): Pick<AnalyticsRow, 'actual' | 'numerator' | 'denominator' | 'facts' | 'available' | 'status'> {
  const none = {
    actual: null,
    numerator: null,
    denominator: null,
    facts: 0,
    available: false,
    status: 'no_data' as const,
  };
  if (!cell || cell.n_facts === 0) return none;
  const stock = indicator.temporal === 'stock';
  const sum = stock ? cell.stock_value_sum : cell.value_sum;
  const count = (stock ? cell.stock_value_count : cell.value_count) ?? 0;
  const facts = cell.n_facts;
  if (indicator.aggregation === 'ratio') {
    const numerator = stock ? cell.stock_num_sum : cell.num_sum;
    const denominator = stock ? cell.stock_den_sum : cell.den_sum;
    if (numerator === null || denominator === null) return { ...none, facts };
    if (denominator === 0)
      return { actual: null, numerator, denominator, facts, available: false, status: 'zero_denominator' };
    const scale = indicator.unit === 'percent' ? 100 : 1;
    return {
      actual: round((numerator / denominator) * scale),
      numerator,
      denominator,
      facts,
      available: true,
      status: 'ok',
    };
  }
  if (sum === null || count === 0) return { ...none, facts };
  const actual = indicator.aggregation === 'average' ? sum / count : sum;
  return { actual: round(actual), numerator: null, denominator: null, facts, available: true, status: 'ok' };
}

/**
 * The tidy analytics table: one row per territory × period × breakdown value, with the actual value
 * from the aggregates (refreshed first if a fact changed), target and baseline, progress. Public:
 * facts hold only validated and computed values. Bad input is a located 4xx, never a 500.
 */
export async function getAnalytics(
  db: Kysely<Database>,
  ctx: Context,
  query: AnalyticsQuery,
): Promise<AnalyticsResult> {
  const indicator = await findIndicatorByCode(db, query.indicator);
  if (!indicator) throw new AppError('NOT_FOUND', `Indicator ${query.indicator} was not found`);
  const level = query.level ?? 'nation';
  const grain = query.grain ?? 'year';
  const from = parseBound(query.from, '/querystring/from', grain);
  const to = parseBound(query.to, '/querystring/to', grain);
  if (from.start > to.start)
    throw fieldError('/querystring/to', `'${query.to}' is before '${query.from}'`, 'UNPROCESSABLE');

  const within = query.territory ?? null;
  if (within) {
    const territory = await db
      .selectFrom('territories')
      .select(['code', 'level'])
      .where('code', '=', within)
      .executeTakeFirst();
    if (!territory) throw fieldError('/querystring/territory', `no territory has the code '${within}'`);
    const allowed: TerritoryLevel[] = territory.level === 'region' ? ['region', 'province'] : ['province'];
    if (territory.level === 'arrondissements' || !allowed.includes(level))
      throw fieldError(
        '/querystring/level',
        `level '${level}' is not within territory ${within} (a ${territory.level}): ask for ${allowed.join(' or ')}`,
        'UNPROCESSABLE',
      );
  }

  const breakdown = (query.breakdown ?? null) as Disaggregation | null;
  if (breakdown && !indicator.disaggregations.includes(breakdown))
    throw fieldError(
      '/querystring/breakdown',
      `${indicator.code} is not broken down by ${breakdown} (it is by: ${indicator.disaggregations.join(', ') || 'nothing'})`,
      'UNPROCESSABLE',
    );
  let values: string[] | null = null;
  if (query.values !== undefined) {
    if (!breakdown)
      throw fieldError('/querystring/values', 'values filter the breakdown: give breakdown too');
    const domain: readonly string[] = DISAGGREGATION_VALUES[breakdown];
    values = [...new Set(query.values.split(',').map((v) => v.trim()))];
    const wrong = values.find((v) => !domain.includes(v));
    if (wrong !== undefined)
      throw fieldError(
        '/querystring/values',
        `'${wrong}' is not a value of ${breakdown} (${domain.join(', ')})`,
      );
  }
  const breakdownValues: Array<string | null> = breakdown
    ? (values ?? [...DISAGGREGATION_VALUES[breakdown]])
    : [null];

  const [commitmentIds, territories] = await Promise.all([
    commitmentsOf(db, ctx, indicator, query),
    territoriesOf(db, level, within),
  ]);
  const periods = periodRange(from.start, to.start, grain);
  const cells = territories.length * periods.length * breakdownValues.length;
  if (cells > MAX_CELLS)
    throw fieldError(
      '/querystring',
      `${cells} cells (${territories.length} territories × ${periods.length} periods × ${breakdownValues.length} values) is more than ${MAX_CELLS}: narrow the periods, the level or the breakdown`,
      'UNPROCESSABLE',
    );

  const spec: AnalyticsSpec = {
    indicatorId: indicator.id,
    level,
    grain,
    fromStart: from.start,
    toStart: to.start,
    toEndExclusive: to.endExclusive,
    within,
    dim: breakdown ?? 'none',
    dimValues: values,
    commitmentKeys: commitmentIds ? (commitmentIds.length > 0 ? commitmentIds : [NO_COMMITMENT]) : null,
  };
  // The aggregates are brought up to date first when a fact changed; targets are read meanwhile.
  const [measuredCells, targets] = await Promise.all([
    ensureAnalyticsFresh(db).then(() => queryAggregates(db, spec)),
    targetRows(db, indicator.id, commitmentIds),
  ]);
  const measured = new Map(
    measuredCells.map((cell) => [cellKey(cell.territory_code, cell.period_start, cell.dim_value), cell]),
  );

  const rows: AnalyticsRow[] = [];
  for (const territory of territories) {
    for (const period of periods) {
      // Targets and baselines are set for the total, not per breakdown value.
      const target = breakdown
        ? null
        : targetFor(indicator, targets, 'target', territory.code, period, commitmentIds);
      const baseline = breakdown
        ? null
        : targetFor(indicator, targets, 'baseline', territory.code, period, commitmentIds);
      for (const value of breakdownValues) {
        const cell = measured.get(cellKey(territory.code ?? '', period.start, value ?? 'all'));
        const actual = actualOf(indicator, cell);
        rows.push({
          territoryCode: territory.code,
          territoryLevel: level,
          territoryNameFr: territory.nameFr,
          territoryNameAr: territory.nameAr,
          period: period.code,
          breakdownValue: value,
          ...actual,
          target,
          baseline,
          progressPercent:
            actual.actual !== null && target !== null && target !== 0
              ? round((actual.actual / target) * 100, 1)
              : null,
        });
      }
    }
  }
  return {
    indicator: {
      id: indicator.id,
      code: indicator.code,
      nameFr: indicator.name_fr,
      nameAr: indicator.name_ar,
      nameEn: indicator.name_en,
      unit: indicator.unit,
      aggregation: indicator.aggregation,
      temporal: indicator.temporal,
      source: indicator.source,
      disaggregations: indicator.disaggregations,
    },
    level,
    grain,
    from: from.code,
    to: to.code,
    territory: within,
    breakdown,
    rows,
  };
}

async function targetRows(
  db: Kysely<Database>,
  indicatorId: string,
  commitmentIds: string[] | null,
): Promise<TargetRow[]> {
  const result =
    await sql<TargetRow>`SELECT territory_code, commitment_id, period, kind, value FROM indicator_targets
    WHERE indicator_id = ${indicatorId}
      AND ${
        commitmentIds
          ? commitmentIds.length > 0
            ? sql`commitment_id = ANY(ARRAY[${sql.join(commitmentIds.map((id) => sql`${id}`))}]::uuid[])`
            : sql`false`
          : sql`true`
      }`.execute(db);
  return result.rows;
}
