import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, TEST_ENGINE, type TestDatabase } from '../../../test/helpers/db.js';
import { type AnalyticsSpec, queryAggregates, queryRawFacts } from '../analytics/analytics.query.js';
import {
  ensureFactsSetup,
  FACT_INDICATORS,
  generateFacts,
  generateIndicatorFacts,
  indicatorCode,
} from './generate.facts.js';

describe(`nasij generate --facts (${TEST_ENGINE})`, () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(() => t.destroy());

  it('gives exactly N facts, the same for the same seed, spread over every indicator, province and month', async () => {
    const setup = await ensureFactsSetup(t.handle, 3, 50_000);
    expect(setup.indicators).toHaveLength(FACT_INDICATORS);
    expect(setup.provinces).toHaveLength(75);
    const first = [...generateFacts(setup, 3, 50_000)];
    expect(first).toHaveLength(50_000);
    expect([...generateFacts(setup, 3, 50_000)]).toEqual(first);
    expect(new Set(first.map((f) => f.indicatorId)).size).toBe(FACT_INDICATORS);
    expect(new Set(first.map((f) => f.territory)).size).toBe(75);
    expect(new Set(first.map((f) => f.start)).size).toBe(36);
    // Ratio indicators carry numerators and denominators (some zero), the others values.
    const ratios = first.filter((f) => f.value === null);
    expect(ratios.length).toBeGreaterThan(0);
    expect(ratios.some((f) => f.denominator === 0)).toBe(true);
    expect(ratios.every((f) => (f.numerator ?? -1) <= (f.denominator ?? -1))).toBe(true);
    // A second call reuses the same indicators and commitments.
    const again = await ensureFactsSetup(t.handle, 3, 50_000);
    expect(again.indicators.map((i) => i.id)).toEqual(setup.indicators.map((i) => i.id));
  });

  it('streams the facts in, rebuilds the aggregates, and refuses the same seed twice', async () => {
    const summary = await generateIndicatorFacts(t.handle, t.url, { facts: 4000, seed: 5, chunkSize: 1500 });
    expect(summary.facts).toBe(4000);
    expect(summary.aggregateRows).toBeGreaterThan(0);
    const count = await sql<{ n: number }>`SELECT count(*)::int AS n FROM indicator_facts`.execute(
      t.handle.db,
    );
    expect(count.rows[0]?.n).toBe(4000);
    const dirty = await sql<{ n: number }>`SELECT count(*)::int AS n FROM analytics_dirty`.execute(
      t.handle.db,
    );
    expect(dirty.rows[0]?.n).toBe(0);
    await expect(generateIndicatorFacts(t.handle, t.url, { facts: 4000, seed: 5 })).rejects.toThrow(
      /already/,
    );
    const replaced = await generateIndicatorFacts(t.handle, t.url, { facts: 3000, seed: 5, replace: true });
    expect(replaced.facts).toBe(3000);

    const indicator = await t.handle.db
      .selectFrom('indicators')
      .select('id')
      .where('code', '=', indicatorCode(5, 0))
      .executeTakeFirstOrThrow();
    const spec: AnalyticsSpec = {
      indicatorId: indicator.id,
      level: 'region',
      grain: 'quarter',
      fromStart: '2025-01-01',
      toStart: '2026-10-01',
      toEndExclusive: '2027-01-01',
      within: null,
      dim: 'sex',
      dimValues: null,
      commitmentKeys: null,
    };
    const fromAggregates = await queryAggregates(t.handle.db, spec);
    expect(fromAggregates.length).toBeGreaterThan(0);
    const byKey = (rows: typeof fromAggregates) =>
      rows.map((r) => [r.territory_code, r.period_start, r.dim_value, r.n_facts, r.value_sum]).sort();
    expect(byKey(fromAggregates)).toEqual(byKey(await queryRawFacts(t.handle.db, spec)));
  });
});
