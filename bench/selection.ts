// Selection of a call's applicants with reserved shares (issue 6: 10,000 scored applications in
// <= 1 s), in-process (the selection is a pure function, no database). Baseline in the same run:
// plain rank order within the same limits, no shares (sort + one greedy pass). Each figure is the
// median of several runs on the same seeded applications; the result is checked (limits, shares).
import { openDatabase } from '../src/db/engine.js';
import { migrate } from '../src/db/migrator.js';
import { loadStarterNomenclature } from '../src/modules/actors/nomenclature.js';
import { createPrng } from '../src/modules/generate/prng.js';
import {
  type Candidate,
  compareCandidates,
  type SelectionConstraints,
  selectApplicants,
  selectByRankOnly,
  verifySelection,
} from '../src/modules/programmes/selection.js';
import { runSelection } from '../src/modules/programmes/selection.service.js';
import { loadTerritoryReference } from '../src/modules/territory/territory.reference.js';
import { systemContext } from '../src/shared/principal.js';
import type { Report } from './report.js';
import { percentile, round } from './stats.js';

/** Seeded applications: scores 0..100 with ties, amounts 5,000..50,000 MAD, group flags. */
export function benchApplications(count: number, seed: number): Candidate[] {
  const prng = createPrng(seed);
  const applications: Candidate[] = [];
  for (let i = 0; i < count; i += 1) {
    const groups: string[] = [];
    if (prng.chance(0.3)) groups.push('women_led');
    if (prng.chance(0.06)) groups.push('disability');
    if (prng.chance(0.25)) groups.push('youth');
    applications.push({
      id: `app-${i.toString().padStart(6, '0')}`,
      score: prng.int(0, 10_000) / 100,
      submittedAt: Date.UTC(2025, 2, 1) + prng.int(0, 30 * 24 * 60) * 60_000,
      amount: prng.int(5_000, 50_000) * 100,
      seats: 1,
      quantity: prng.int(0, 20),
      groups,
    });
  }
  return applications;
}

function timeMs(work: () => void): number {
  const start = process.hrtime.bigint();
  work();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

export function selectionBench(report: Report, options: { smoke: boolean; seed: number }): void {
  const count = options.smoke ? 1_000 : 10_000;
  const runs = options.smoke ? 3 : 9;
  const applications = benchApplications(count, options.seed);
  const demand = applications.reduce((sum, a) => sum + a.amount, 0);
  // About a third of the demand is funded; a count limit and a material quota bind too.
  const constraints: SelectionConstraints = {
    budget: Math.floor(demand / 3),
    seats: null,
    quota: count * 4,
    maxSelected: Math.floor(count / 3),
    reservedShares: [
      { group: 'women_led', minPercent: 40 },
      { group: 'disability', minPercent: 10 },
      { group: 'youth', minPercent: 30 },
    ],
  };
  // Warm-up (JIT), then alternate the two so machine noise hits both alike.
  selectApplicants(applications, constraints);
  selectByRankOnly([...applications].sort(compareCandidates), constraints);
  const withShares: number[] = [];
  const plain: number[] = [];
  let result = selectApplicants(applications, constraints);
  let plainCount = 0;
  for (let run = 0; run < runs; run += 1) {
    withShares.push(
      timeMs(() => {
        result = selectApplicants(applications, constraints);
      }),
    );
    plain.push(
      timeMs(() => {
        plainCount = selectByRankOnly([...applications].sort(compareCandidates), constraints).length;
      }),
    );
  }
  const problems = verifySelection(applications, constraints, result);
  const figure = round(percentile(withShares, 50), 1);
  report.add({
    benchmark: 'selection with reserved shares (40 % women-led, 10 % disability, 30 % youth)',
    engine: 'in-process',
    size: `${count.toLocaleString('en')} scored applications`,
    figure,
    unit: 'ms',
    baseline: 'plain rank order, no shares',
    baselineFigure: round(percentile(plain, 50), 1),
    goal: '<= 1000 ms',
    met: figure <= 1000 && problems.length === 0 && result.shares.every((s) => s.met),
    details: {
      runs,
      selected: result.totals.count,
      selectedPlainRankOrder: plainCount,
      waitlisted: result.waitlisted.length,
      rejected: result.rejected.length,
      budgetUsedPercent: constraints.budget
        ? round((100 * result.totals.amount) / constraints.budget, 1)
        : null,
      shares: result.shares.map(
        (s) =>
          `${s.group} ${s.selected}/${result.totals.count} (>= ${s.required}) ${s.met ? 'met' : 'NOT met'}`,
      ),
      limitViolations: problems,
      p95Ms: round(percentile(withShares, 95), 1),
    },
  });
}

/**
 * The same selection through the service on PGlite (in memory): the call is locked, the scored
 * applications and their groups read, the result stored (statuses, ranks, benefits, audit) in one
 * transaction. Informative (the goal is for the selection itself); one run, fresh database.
 */
export async function selectionStoredBench(
  report: Report,
  options: { smoke: boolean; seed: number },
): Promise<void> {
  const count = options.smoke ? 500 : 10_000;
  const handle = await openDatabase({ databaseUrl: null, dataDir: 'memory://' });
  try {
    await migrate(handle);
    await loadTerritoryReference(handle.db);
    await loadStarterNomenclature(handle.db);
    const db = handle.db;
    const applications = benchApplications(count, options.seed);
    const organisation = await db
      .insertInto('organisations')
      .values({ kind: 'partner', partner_type: 'agency', name_fr: 'Bench' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const programme = await db
      .insertInto('programmes')
      .values({ reference: 'BENCH', organisation_id: organisation.id, kind: 'financing', title_fr: 'Bench' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const demand = applications.reduce((sum, a) => sum + a.amount, 0);
    const share = (code: string, minShare: number, field: string) => ({
      code,
      labelFr: code,
      minShare,
      rule: { field, op: '=', value: true },
    });
    const call = await db
      .insertInto('calls')
      .values({
        programme_id: programme.id,
        reference: 'BENCH-1',
        title_fr: 'Bench',
        opens_at: '2025-01-01T00:00:00Z',
        closes_at: '2025-02-01T00:00:00Z',
        status: 'closed',
        budget_centimes: Math.floor(demand / 3),
        reserved_shares: JSON.stringify([
          share('women_led', 0.4, 'women_led'),
          share('coastal', 0.1, 'coastal'),
        ]),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (let at = 0; at < count; at += 2000) {
      const slice = applications.slice(at, at + 2000);
      const actors = await db
        .insertInto('actors')
        .values(
          slice.map((a) => ({
            kind: 'cooperative' as const,
            name_fr: a.id,
            search_key: a.id,
            province_code: '01.511',
            region_code: '01',
            women_led: a.groups.includes('women_led'),
            coastal: a.groups.includes('disability'),
          })),
        )
        .returning('id')
        .execute();
      await db
        .insertInto('applications')
        .values(
          slice.map((a, i) => ({
            call_id: call.id,
            actor_id: actors[i]?.id as string,
            submitted_by_label: 'bench',
            status: 'scored' as const,
            submitted_at: new Date(a.submittedAt).toISOString(),
            requested_centimes: a.amount,
            total_score: a.score,
          })),
        )
        .execute();
    }
    const start = process.hrtime.bigint();
    const out = await runSelection(db, systemContext('bench'), call.id);
    const figure = round(Number(process.hrtime.bigint() - start) / 1e6, 0);
    report.add({
      benchmark: 'selection stored through the service (statuses, benefits, audit in one transaction)',
      engine: 'pglite',
      size: `${count.toLocaleString('en')} scored applications`,
      figure,
      unit: 'ms',
      baseline: '-',
      baselineFigure: null,
      goal: '-',
      met: null,
      details: {
        selected: out.result.totals.count,
        shares: out.result.shares.map(
          (s) => `${s.group} ${s.selected}/${out.result.totals.count} ${s.met ? 'met' : 'NOT met'}`,
        ),
      },
    });
  } finally {
    await handle.close();
  }
}
