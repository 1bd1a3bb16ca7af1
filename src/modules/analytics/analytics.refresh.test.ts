import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, TEST_ENGINE, type TestDatabase } from '../../../test/helpers/db.js';
import { createPrng } from '../../../test/helpers/prng.js';
import type { Disaggregation } from '../../db/database.js';
import { type FixtureFact, insertCommitments, insertFacts, insertIndicator } from './analytics.fixtures.js';
import { type AnalyticsSpec, cellKey, queryAggregates, queryRawFacts } from './analytics.query.js';
import { rebuildAnalytics, refreshAnalytics } from './analytics.refresh.js';

const VALUES: Record<Disaggregation, string[]> = {
  sex: ['female', 'male'],
  age_band: ['youth', 'adult', 'elderly'],
  disability: ['yes', 'no'],
  area: ['urban', 'rural'],
  coastal: ['yes', 'no'],
};
// Provinces of two regions, a prefecture of arrondissements (counts in its province), regions, the nation.
const TERRITORIES = [
  '01.511',
  '01.571',
  '01',
  '06.141',
  '06.141.01.00',
  '06.141.01.10',
  '06',
  '06.371',
  null,
];

const snapshot = async (t: TestDatabase) =>
  (
    await sql<Record<string, unknown>>`SELECT * FROM analytics_aggregates
      ORDER BY indicator_id, territory_level, grain, period_start, dim, territory_code, dim_value, commitment_key`.execute(
      t.handle.db,
    )
  ).rows;

describe(`analytics refresh (${TEST_ENGINE})`, () => {
  let t: TestDatabase;
  const indicators: Array<{ id: string; dims: Disaggregation[]; ratio: boolean }> = [];
  let commitments: string[] = [];
  const prng = createPrng(20251);

  const randomFact = (): FixtureFact => {
    const indicator = prng.pick(indicators);
    const grain = prng.pick(['month', 'month', 'month', 'month', 'quarter', 'year'] as const);
    const year = prng.int(2024, 2026);
    const month = grain === 'month' ? prng.int(1, 12) : grain === 'quarter' ? prng.pick([1, 4, 7, 10]) : 1;
    const cell: Record<string, string> = {};
    for (const dim of indicator.dims) cell[dim] = prng.next() < 0.1 ? 'all' : prng.pick(VALUES[dim]);
    return {
      indicatorId: indicator.id,
      commitmentId: prng.pick([...commitments, null]),
      territory: prng.pick(TERRITORIES),
      grain,
      start: `${year}-${String(month).padStart(2, '0')}-01`,
      sex: cell.sex,
      ageBand: cell.age_band,
      disability: cell.disability,
      area: cell.area,
      coastal: cell.coastal,
      ...(indicator.ratio
        ? { numerator: prng.int(0, 50), denominator: prng.pick([0, prng.int(1, 80)]) }
        : { value: prng.int(0, 1000) / 4 }),
    };
  };

  beforeAll(async () => {
    t = await createTestDatabase();
    const db = t.handle.db;
    const fixture = await insertCommitments(db, { name: 'Refresh', axes: ['WOMEN', 'TRAINING'] });
    commitments = fixture.commitmentIds;
    for (const [code, aggregation, temporal, dims] of [
      ['R_SUM', 'sum', 'flow', ['sex', 'age_band']],
      ['R_AVG', 'average', 'flow', ['area']],
      ['R_RATIO', 'ratio', 'flow', ['sex']],
      ['R_STOCK', 'sum', 'stock', ['coastal', 'disability']],
      ['R_STOCK_RATIO', 'ratio', 'stock', []],
    ] as const) {
      const id = await insertIndicator(db, {
        code,
        aggregation,
        temporal,
        disaggregations: [...dims],
        unit: aggregation === 'ratio' ? 'percent' : 'number',
      });
      indicators.push({ id, dims: [...dims], ratio: aggregation === 'ratio' });
    }
  });
  afterAll(() => t.destroy());

  it('starts with a full rebuild pending, then has nothing to do', async () => {
    expect((await refreshAnalytics(t.handle.db)).mode).toBe('full');
    expect((await refreshAnalytics(t.handle.db)).mode).toBe('none');
  });

  it('incremental refreshes after inserts, updates and deletes give what a full rebuild gives', async () => {
    const db = t.handle.db;
    await insertFacts(db, Array.from({ length: 1500 }, randomFact));
    const first = await refreshAnalytics(db);
    expect(first.mode).toBe('incremental');
    expect(first.rows).toBeGreaterThan(0);
    for (let round = 0; round < 4; round += 1) {
      await insertFacts(db, Array.from({ length: 40 }, randomFact));
      await sql`UPDATE indicator_facts SET value = value + 1 WHERE value IS NOT NULL AND id % 37 = ${round}`.execute(
        db,
      );
      await sql`DELETE FROM indicator_facts WHERE id % 53 = ${round * 3}`.execute(db);
      // Moving facts to another period and territory dirties both the old and the new keys.
      await sql`UPDATE indicator_facts SET period_start = '2026-12-01', period_grain = 'month', territory_code = '06.371'
        WHERE id % 101 = ${round}`.execute(db);
      const result = await refreshAnalytics(db);
      expect(result.mode).toBe('incremental');
    }
    const incremental = await snapshot(t);
    expect(incremental.length).toBeGreaterThan(1000);
    expect((await rebuildAnalytics(db)).mode).toBe('full');
    expect(await snapshot(t)).toEqual(incremental);
  });

  it('touches only the rows of the changed indicator, territory ancestors and period ancestors', async () => {
    const db = t.handle.db;
    const indicator = indicators[0];
    if (!indicator) throw new Error('no indicator');
    await insertFacts(db, [
      {
        indicatorId: indicator.id,
        territory: '01.571',
        grain: 'month',
        start: '2025-08-01',
        value: 5,
        sex: 'female',
      },
    ]);
    const result = await refreshAnalytics(db);
    // province, region, nation × month, quarter, year.
    expect(result).toMatchObject({ mode: 'incremental', changes: 1, keys: 9 });
  });

  it('a TRUNCATE of the facts asks for a full rebuild', async () => {
    const db = t.handle.db;
    const before = await snapshot(t);
    await sql`CREATE TEMP TABLE facts_copy AS SELECT * FROM indicator_facts`.execute(db);
    await sql`TRUNCATE indicator_facts`.execute(db);
    expect((await refreshAnalytics(db)).mode).toBe('full');
    expect(await snapshot(t)).toEqual([]);
    await sql`INSERT INTO indicator_facts OVERRIDING SYSTEM VALUE SELECT * FROM facts_copy`.execute(db);
    await refreshAnalytics(db);
    expect(await snapshot(t)).toEqual(before);
  });

  it('every query from the aggregates equals the same query computed from the raw facts', async () => {
    const db = t.handle.db;
    const query = createPrng(7);
    let compared = 0;
    for (let i = 0; i < 40; i += 1) {
      const indicator = query.pick(indicators);
      const grain = query.pick(['month', 'quarter', 'year'] as const);
      const dim = indicator.dims.length > 0 && query.next() < 0.6 ? query.pick(indicator.dims) : 'none';
      const within = query.pick([null, null, '06', '01.511']);
      const spec: AnalyticsSpec = {
        indicatorId: indicator.id,
        // A level at or below the territory asked for (the service refuses the others).
        level:
          within === null
            ? query.pick(['nation', 'region', 'province'] as const)
            : within.length === 2
              ? query.pick(['region', 'province'] as const)
              : 'province',
        grain,
        fromStart: grain === 'month' ? '2024-11-01' : '2024-01-01',
        toStart: grain === 'month' ? '2025-09-01' : grain === 'quarter' ? '2026-07-01' : '2026-01-01',
        toEndExclusive: grain === 'month' ? '2025-10-01' : grain === 'quarter' ? '2026-10-01' : '2027-01-01',
        within,
        dim,
        dimValues: dim !== 'none' && query.next() < 0.3 ? [query.pick(VALUES[dim])] : null,
        commitmentKeys: query.next() < 0.3 ? [query.pick(commitments)] : null,
      };
      const fromAggregates = await queryAggregates(db, spec);
      const fromFacts = new Map(
        (await queryRawFacts(db, spec)).map((row) => [
          cellKey(row.territory_code, row.period_start, row.dim_value),
          row,
        ]),
      );
      expect(fromAggregates.length).toBe(fromFacts.size);
      const isStock = indicators.indexOf(indicator) >= 3;
      for (const row of fromAggregates) {
        const raw = fromFacts.get(cellKey(row.territory_code, row.period_start, row.dim_value));
        const pick = (m: typeof row) =>
          isStock
            ? [
                m.n_facts,
                m.stock_end,
                m.stock_value_sum,
                m.stock_value_count,
                m.stock_num_sum,
                m.stock_den_sum,
              ]
            : [m.n_facts, m.value_sum, m.value_count, m.num_sum, m.den_sum];
        expect(raw && pick(raw)).toEqual(pick(row));
        compared += 1;
      }
    }
    expect(compared).toBeGreaterThan(300);
  });
});
