import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/db.js';
import { ANONYMOUS } from '../../shared/principal.js';
import { getAnalytics } from '../analytics/analytics.service.js';
import { verifyAuditChain } from '../audit/audit.service.js';
import { seedDemoConventions } from './demo.conventions.js';
import { seedDemoIndicators } from './demo.indicators.js';

const TODAY = '2026-11-29';

describe('demo indicators', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.destroy());

  it('creates indicators linked to the demo commitments, targets and quarterly reports in every status', async () => {
    const db = database.handle.db;
    const { commitments } = await seedDemoConventions(db);
    const result = await seedDemoIndicators(db, commitments, { today: TODAY });
    expect(result.indicatorsCreated).toBeGreaterThanOrEqual(8);
    expect(result.reportsCreated).toBeGreaterThan(100);
    expect(result.targetsWritten).toBeGreaterThan(50);

    const indicators = await db.selectFrom('indicators').selectAll().execute();
    expect(indicators.every((i) => i.is_demo && i.source === 'reported')).toBe(true);
    // Commitments of organisations that only the full demo seed creates (demo.seed.ts) are absent here.
    const links = await db.selectFrom('commitment_indicators').select('indicator_id').distinct().execute();
    expect(links.length).toBeGreaterThanOrEqual(8);

    const reports = await db.selectFrom('indicator_reports').selectAll().execute();
    expect(reports.every((r) => r.is_demo && r.evidence_file_id !== null)).toBe(true);
    const byStatus = (status: string) => reports.filter((r) => r.status === status).length;
    expect(byStatus('validated')).toBe(result.reportsValidated);
    expect(byStatus('validated') / reports.length).toBeGreaterThan(0.6);
    expect(byStatus('submitted')).toBeGreaterThan(5);
    expect(byStatus('returned')).toBe(2);
    // Up to the current quarter, never after it.
    expect(
      reports
        .map((r) => r.period)
        .sort()
        .at(-1),
    ).toBe('2026Q4');
    expect(reports.filter((r) => r.period === '2026Q4').every((r) => r.status === 'submitted')).toBe(true);
    // Most regions report.
    const regions = new Set(reports.map((r) => r.territory_code?.slice(0, 2)));
    expect(regions.size).toBeGreaterThanOrEqual(10);
    // One evidence file, stored once.
    expect(new Set(reports.map((r) => r.evidence_file_id)).size).toBe(1);

    const facts = await db.selectFrom('indicator_facts').selectAll().execute();
    const validatedIds = new Set(reports.filter((r) => r.status === 'validated').map((r) => r.id));
    expect(new Set(facts.map((f) => f.report_id))).toEqual(validatedIds);
    expect(facts.every((f) => f.is_demo)).toBe(true);
    const zero = await db
      .selectFrom('indicator_report_values')
      .select('report_id')
      .where('denominator', '=', 0)
      .execute();
    expect(zero).toHaveLength(1);

    // Each report's submission and review are in the audit trail, and the chain still verifies.
    const audited = await db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('entity_type', '=', 'indicator_report')
      .executeTakeFirstOrThrow();
    expect(Number(audited.n)).toBe(reports.length + reports.filter((r) => r.status !== 'submitted').length);
    expect((await verifyAuditChain(db)).ok).toBe(true);

    const targets = await db.selectFrom('indicator_targets').selectAll().execute();
    expect(new Set(targets.map((t) => t.period))).toEqual(new Set(['2025', '2026']));
    expect(targets.every((t) => t.is_demo && t.kind === 'target')).toBe(true);
  });

  it('gives the public dashboards values and progress by region on first start', async () => {
    const db = database.handle.db;
    const ctx = { principal: ANONYMOUS, requestId: null };
    const byRegion = await getAnalytics(db, ctx, {
      indicator: 'EX_ARTISANS_TRAINED',
      level: 'region',
      grain: 'year',
      from: '2025',
      to: '2025',
      breakdown: 'sex',
    });
    const withValues = byRegion.rows.filter((row) => row.available && (row.actual ?? 0) > 0);
    expect(new Set(withValues.map((row) => row.territoryCode)).size).toBeGreaterThanOrEqual(3);
    const totals = await getAnalytics(db, ctx, {
      indicator: 'EX_MICROCREDIT_AMOUNT',
      level: 'region',
      grain: 'year',
      from: '2026',
      to: '2026',
    });
    const progressing = totals.rows.filter((row) => row.progressPercent !== null && row.progressPercent > 0);
    expect(progressing.length).toBeGreaterThanOrEqual(5);
  });

  it('runs once', async () => {
    const db = database.handle.db;
    const before = await db
      .selectFrom('indicator_reports')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    const again = await seedDemoIndicators(db, await seedDemoConventions(db).then((r) => r.commitments), {
      today: TODAY,
    });
    expect(again).toEqual({
      indicatorsCreated: 0,
      targetsWritten: 0,
      reportsCreated: 0,
      reportsValidated: 0,
    });
    const after = await db
      .selectFrom('indicator_reports')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(after.n).toEqual(before.n);
  });
});
