import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, TEST_ENGINE, type TestDatabase } from '../../../test/helpers/db.js';
import { systemContext } from '../../shared/principal.js';
import { checkAnswers, rankCall, weightedTotal } from '../programmes/applications.service.js';
import { evaluateEligibility } from '../programmes/eligibility.evaluate.js';
import {
  codesNamed,
  programmesNamed,
  type Rule,
  scopeRule,
  validateRule,
} from '../programmes/eligibility.rules.js';
import { compileRule, loadActorFacts } from '../programmes/eligibility.sql.js';
import type { CriterionType, FormFieldType } from '../programmes/programmes.schemas.js';
import { selectApplicants } from '../programmes/selection.js';
import { getSelection, runSelection } from '../programmes/selection.service.js';
import {
  applicationsPerCall,
  CALLS,
  PROGRAMMES,
  programmeReference,
} from './generate.programmes.catalogue.js';
import { generateProgrammes, type ProgrammesSummary } from './generate.programmes.js';
import { generateRegistry } from './generate.service.js';

const SEED = 4;
const APPLICATIONS = 600;
let t: TestDatabase;
let summary: ProgrammesSummary;

const rows = async <T>(query: ReturnType<typeof sql<T>>) => (await query.execute(t.handle.db)).rows;

beforeAll(async () => {
  t = await createTestDatabase();
  await generateRegistry(t.handle, t.url, { actors: 3000, seed: SEED, duplicatesShare: 0.02 });
  summary = await generateProgrammes(t.handle, t.url, {
    applications: APPLICATIONS,
    seed: SEED,
    chunkSize: 150,
  });
}, 120_000);
afterAll(() => t?.destroy());

interface CallRow {
  id: string;
  reference: string;
  programme_id: string;
  status: string;
  eligibility_rules: Rule;
  form_fields: FormFieldType[];
  scoring_grid: CriterionType[];
  reserved_shares: Array<{ code: string; minShare: number; rule: Rule }>;
  budget_centimes: string | null;
  capacity: number | null;
  allocated_centimes: string;
  allocated_seats: number;
}
const calls = () =>
  rows(sql<CallRow>`SELECT c.* FROM calls c JOIN programmes p ON p.id = c.programme_id
    WHERE p.reference LIKE ${`${programmeReference(SEED, '')}%`} ORDER BY c.reference`);

describe(`nasij generate --programmes (${TEST_ENGINE})`, () => {
  it('writes the six kinds of programme, every call of the catalogue, and N applications split by weight', async () => {
    expect(summary.applications).toBe(APPLICATIONS);
    const kinds = await rows(sql<{ kind: string }>`SELECT kind FROM programmes WHERE is_demo ORDER BY kind`);
    expect(kinds.map((k) => k.kind)).toEqual([...PROGRAMMES.map((p) => p.kind)].sort());
    const counts = await rows(sql<{ reference: string; n: number }>`
      SELECT c.reference, count(ap.id)::int AS n FROM calls c LEFT JOIN applications ap ON ap.call_id = c.id
      GROUP BY c.reference`);
    const expected = applicationsPerCall(APPLICATIONS);
    expect(Object.fromEntries(counts.map((c) => [c.reference, c.n]))).toEqual(Object.fromEntries(expected));
    for (const status of ['eligible', 'ineligible', 'scored', 'selected', 'waitlisted'])
      expect(summary.statuses[status], status).toBeGreaterThan(0);
    expect(summary.benchmarkCall.scored).toBeGreaterThan(0.8 * (expected.get('FIN-2026') ?? 0));
  });

  it('stores rules, shares, forms and answers the module accepts, with codes that exist', async () => {
    for (const call of await calls()) {
      expect(validateRule(call.eligibility_rules), call.reference).toEqual([]);
      for (const share of call.reserved_shares) expect(validateRule(share.rule)).toEqual([]);
      const named = [
        ...codesNamed(call.eligibility_rules, ''),
        ...call.reserved_shares.flatMap((s) => codesNamed(s.rule, '')),
      ];
      for (const { field, code } of named) {
        const table =
          field === 'branch' ? 'craft_branches' : field === 'activity' ? 'craft_activities' : 'territories';
        const found = await rows(
          sql<{ code: string }>`SELECT code FROM ${sql.table(table)} WHERE code = ${code}`,
        );
        expect(found, `${field} ${code}`).toHaveLength(1);
      }
      const answers = await rows(sql<{ answers: Record<string, unknown>; requested_centimes: string | null }>`
        SELECT answers, requested_centimes FROM applications WHERE call_id = ${call.id}`);
      for (const a of answers) {
        expect(checkAnswers(call.form_fields, a.answers)).toEqual([]);
        if (call.budget_centimes !== null && a.requested_centimes !== null)
          expect(Number(a.requested_centimes)).toBeLessThanOrEqual(Number(call.budget_centimes));
      }
    }
  });

  it('stores the eligibility a re-evaluation by the module gives, for a sample of every call', async () => {
    const programmes = await rows(
      sql<{ id: string; reference: string }>`SELECT id, reference FROM programmes`,
    );
    for (const call of await calls()) {
      const sample = await rows(sql<{
        id: string;
        actor_id: string;
        status: string;
        eligible: boolean;
        eligibility: unknown;
        checked: Date;
      }>`SELECT id, actor_id, status, eligible, eligibility, eligibility_checked_at AS checked
         FROM applications WHERE call_id = ${call.id} ORDER BY md5(id::text) LIMIT 25`);
      const facts = new Map(
        (
          await loadActorFacts(
            t.handle.db,
            sample.map((s) => s.actor_id),
            call.eligibility_rules,
          )
        ).map((f) => [f.id, f]),
      );
      const spec = PROGRAMMES.find((p) => call.reference.startsWith(p.key));
      const named = programmesNamed(call.eligibility_rules);
      const labels = new Map(programmes.filter((p) => named.includes(p.id)).map((p) => [p.id, p.reference]));
      for (const application of sample) {
        const again = evaluateEligibility(facts.get(application.actor_id) as never, call.eligibility_rules, {
          asOf: new Date(application.checked),
          programmeLabels: labels,
          scope: scopeRule(spec?.territories ?? null),
          ...(spec?.territories ? { scopeCodes: spec.territories } : {}),
        });
        expect(application.eligibility, `${call.reference} ${application.id}`).toEqual(
          JSON.parse(JSON.stringify(again)),
        );
        expect(application.eligible).toBe(again.eligible);
        expect(application.status === 'ineligible').toBe(!again.eligible);
      }
    }
  });

  it('keeps every limit, total and delivery consistent, as the module would have', async () => {
    for (const call of await calls()) {
      const [live] = await rows(sql<{ amount: string; seats: string }>`
        SELECT coalesce(sum(amount_centimes), 0) AS amount, coalesce(sum(seats), 0) AS seats
        FROM benefits WHERE call_id = ${call.id} AND status IN ('granted', 'delivered')`);
      expect(Number(live?.amount)).toBe(Number(call.allocated_centimes));
      expect(Number(live?.seats)).toBe(call.allocated_seats);
      if (call.budget_centimes !== null)
        expect(Number(call.allocated_centimes)).toBeLessThanOrEqual(Number(call.budget_centimes));
      if (call.capacity !== null) expect(call.allocated_seats).toBeLessThanOrEqual(call.capacity);
    }
    const quotas = await rows(sql<{ quantity: string; allocated: string; taken: string }>`
      SELECT q.quantity, q.allocated, coalesce(sum(b.quantity), 0) AS taken
      FROM programme_quotas q LEFT JOIN benefits b ON b.quota_id = q.id GROUP BY q.id`);
    expect(quotas.length).toBeGreaterThan(0);
    for (const q of quotas) {
      expect(Number(q.allocated)).toBe(Number(q.taken));
      expect(Number(q.allocated)).toBeLessThanOrEqual(Number(q.quantity));
    }
    const programmes = await rows(sql<{ budget: string | null; calls: string; granted: string }>`
      SELECT p.budget_centimes AS budget,
             (SELECT coalesce(sum(budget_centimes), 0) FROM calls WHERE programme_id = p.id) AS calls,
             (SELECT coalesce(sum(amount_centimes), 0) FROM benefits WHERE programme_id = p.id) AS granted
      FROM programmes p WHERE p.budget_centimes IS NOT NULL`);
    for (const p of programmes) {
      expect(Number(p.calls)).toBeLessThanOrEqual(Number(p.budget));
      expect(Number(p.granted)).toBeLessThanOrEqual(Number(p.budget));
    }
    const deliveries = await rows(sql<{
      status: string;
      amount: string | null;
      paid: string;
      quantity: string | null;
      got: string;
    }>`
      SELECT b.status, b.amount_centimes AS amount, b.quantity,
             coalesce(sum(d.amount_centimes) FILTER (WHERE d.kind = 'disbursement'), 0) AS paid,
             coalesce(sum(d.quantity) FILTER (WHERE d.kind = 'delivery'), 0) AS got
      FROM benefits b LEFT JOIN benefit_deliveries d ON d.benefit_id = b.id GROUP BY b.id`);
    expect(deliveries.some((d) => d.status === 'delivered')).toBe(true);
    for (const d of deliveries) {
      expect(Number(d.paid)).toBeLessThanOrEqual(Number(d.amount ?? 0));
      expect(Number(d.got)).toBeLessThanOrEqual(Number(d.quantity ?? 0));
      const complete =
        Number(d.paid) + Number(d.got) > 0 &&
        Number(d.paid) >= Number(d.amount ?? 0) &&
        Number(d.got) >= Number(d.quantity ?? 0);
      expect(d.status === 'delivered').toBe(complete);
    }
    // Events in order: submitted, assigned, declared, scored; decided; granted, then delivered.
    const [order] = await rows(sql<{ bad: number }>`
      SELECT count(*)::int AS bad FROM applications ap
      LEFT JOIN evaluator_assignments ea ON ea.application_id = ap.id
      LEFT JOIN application_scores s ON s.application_id = ea.application_id AND s.evaluator_id = ea.evaluator_id
      LEFT JOIN benefits b ON b.application_id = ap.id
      LEFT JOIN benefit_deliveries d ON d.benefit_id = b.id
      WHERE ea.assigned_at < ap.submitted_at OR ea.declared_at < ea.assigned_at OR s.scored_at < ea.declared_at
         OR ap.decided_at < s.scored_at OR b.granted_at <> ap.decided_at OR d.delivered_on < b.granted_at::date
         OR ap.submitted_at < (SELECT opens_at FROM calls WHERE id = ap.call_id)
         OR ap.submitted_at >= (SELECT closes_at FROM calls WHERE id = ap.call_id)`);
    expect(order?.bad).toBe(0);
    // Each evaluator's total is the module's weighted total of its scores; the application's, their mean.
    const grids = new Map((await calls()).map((c) => [c.id, c.scoring_grid]));
    const assignments = await rows(sql<{
      call_id: string;
      total: string | null;
      scores: Record<string, string> | null;
      score: string | null;
      conflict: boolean;
    }>`
      SELECT ap.call_id, ea.total, ea.has_conflict AS conflict, ap.total_score AS score,
             (SELECT jsonb_object_agg(s.criterion, s.score) FROM application_scores s
              WHERE s.application_id = ea.application_id AND s.evaluator_id = ea.evaluator_id) AS scores
      FROM evaluator_assignments ea JOIN applications ap ON ap.id = ea.application_id`);
    for (const a of assignments) {
      const grid = grids.get(a.call_id) as CriterionType[];
      const scores = new Map(Object.entries(a.scores ?? {}).map(([k, v]) => [k, Number(v)]));
      for (const criterion of grid)
        if (scores.has(criterion.code)) expect(scores.get(criterion.code)).toBeLessThanOrEqual(criterion.max);
      expect(a.total === null ? null : Number(a.total)).toBe(a.conflict ? null : weightedTotal(grid, scores));
    }
    const means = await rows(sql<{ score: string; mean: string }>`
      SELECT ap.total_score AS score, round(avg(ea.total), 3) AS mean FROM applications ap
      JOIN evaluator_assignments ea ON ea.application_id = ap.id AND ea.total IS NOT NULL
      WHERE ap.total_score IS NOT NULL GROUP BY ap.id`);
    for (const m of means) expect(Math.abs(Number(m.score) - Number(m.mean))).toBeLessThanOrEqual(0.0011);
  });

  it('stores the selection the module would make again on the same rows', async () => {
    for (const call of (await calls()).filter((c) => c.status === 'decided')) {
      const flags = call.reserved_shares.map(
        (s, i) => sql`${compileRule(s.rule, new Date())} AS ${sql.ref(`g${i}`)}`,
      );
      const stored = await rows(sql<Record<string, unknown>>`
        SELECT ap.id, ap.status, ap.total_score, ap.submitted_at, ap.requested_centimes, ap.requested_seats
               ${flags.length ? sql`, ${sql.join(flags)}` : sql``}
        FROM applications ap JOIN actors a ON a.id = ap.actor_id
        WHERE ap.call_id = ${call.id} AND ap.status IN ('selected', 'waitlisted', 'rejected')`);
      if (call.reference.startsWith('MAT')) continue; // quotas per region: covered by the quota checks above
      const again = selectApplicants(
        stored.map((r) => ({
          id: r.id as string,
          score: Number(r.total_score),
          submittedAt: new Date(r.submitted_at as string).getTime(),
          amount: Number(r.requested_centimes ?? 0),
          seats: (r.requested_seats as number | null) ?? 1,
          quantity: 0,
          groups: call.reserved_shares.filter((_, i) => r[`g${i}`] === true).map((s) => s.code),
        })),
        {
          budget: call.budget_centimes === null ? null : Number(call.budget_centimes),
          seats: call.capacity,
          quota: null,
          maxSelected: null,
          reservedShares: call.reserved_shares.map((s) => ({
            group: s.code,
            minPercent: Math.ceil(s.minShare * 100 - 1e-9),
          })),
        },
      );
      const selected = stored
        .filter((r) => r.status === 'selected')
        .map((r) => r.id)
        .sort();
      expect(selected.length, call.reference).toBeGreaterThan(0);
      expect(again.selected.map((p) => p.id).sort(), call.reference).toEqual(selected);
    }
  });

  it("runs the module's ranking and selection on the generated call waiting for its selection", async () => {
    const ctx = systemContext('test');
    const ranking = await rankCall(t.handle.db, ctx, summary.benchmarkCall.id);
    expect(ranking.items).toHaveLength(summary.benchmarkCall.scored);
    const outcome = await runSelection(t.handle.db, ctx, summary.benchmarkCall.id);
    expect(outcome.result.selected.length).toBeGreaterThan(0);
    expect(outcome.result.shares.filter((s) => !s.met).map((s) => s.explanation)).toEqual([]);
    const stored = await getSelection(t.handle.db, ctx, summary.benchmarkCall.id);
    expect(stored.status).toBe('decided');
    expect(stored.applications).toHaveLength(summary.benchmarkCall.scored);
  });

  it('gives the same rows for the same seed, refuses it twice, and replaces it on request', async () => {
    const digest = () =>
      rows(sql<{
        d: string;
      }>`SELECT md5(string_agg(ap.id::text || ap.actor_id::text || ap.status || coalesce(ap.total_score::text, '') ||
        ap.submitted_at::text, ',' ORDER BY ap.id)) AS d FROM applications ap WHERE ap.call_id IN
        (SELECT c.id FROM calls c WHERE c.reference <> 'FIN-2026')`);
    const before = await digest();
    await expect(generateProgrammes(t.handle, t.url, { applications: 10, seed: SEED })).rejects.toThrow(
      /already/,
    );
    await generateProgrammes(t.handle, t.url, { applications: APPLICATIONS, seed: SEED, replace: true });
    expect(await digest()).toEqual(before);
    expect(CALLS.length).toBe(8);
  });
});
