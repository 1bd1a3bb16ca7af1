import { describe, expect, it } from 'vitest';
import { createPrng, type Prng } from '../generate/prng.js';
import {
  type Candidate,
  promoteAfterWithdrawal,
  type ReservedShare,
  type SelectionConstraints,
  selectApplicants,
  selectByRankOnly,
  verifySelection,
} from './selection.js';

const GROUPS = ['women_led', 'disability', 'youth', 'territory:01'] as const;

/** A random call: candidates with clustered scores (ties happen), limits that bind or not. */
function randomCall(prng: Prng): { candidates: Candidate[]; constraints: SelectionConstraints } {
  const n = prng.int(0, 80);
  const candidates: Candidate[] = [];
  for (let i = 0; i < n; i += 1) {
    const groups = GROUPS.filter((_, g) => prng.chance([0.35, 0.1, 0.25, 0.3][g] ?? 0));
    candidates.push({
      id: `app-${i.toString().padStart(3, '0')}`,
      score: prng.int(0, 20) * 5,
      submittedAt: Date.UTC(2025, 0, 1) + prng.int(0, 50) * 60_000,
      amount: prng.int(0, 10) * 10_000,
      seats: prng.int(0, 3),
      quantity: prng.int(0, 40),
      groups,
      pool: prng.pick(['01', '02', '03']),
    });
  }
  const maybe = (value: number): number | null => (prng.chance(0.4) ? null : value);
  const reservedShares: ReservedShare[] = [];
  if (prng.chance(0.8)) reservedShares.push({ group: 'women_led', minPercent: prng.int(10, 60) });
  if (prng.chance(0.6)) reservedShares.push({ group: 'disability', minPercent: prng.int(5, 20) });
  if (prng.chance(0.5)) reservedShares.push({ group: 'youth', minPercent: prng.int(5, 40) });
  if (prng.chance(0.2)) reservedShares.push({ group: 'territory:01', minPercent: prng.int(30, 80) });
  return {
    candidates,
    constraints: {
      budget: maybe(prng.int(0, 40) * 10_000),
      seats: maybe(prng.int(0, 60)),
      quota: maybe(prng.int(0, 500)),
      pools: prng.chance(0.3) ? { '01': prng.int(0, 200), '02': prng.int(0, 200) } : null,
      maxSelected: maybe(prng.int(0, 40)),
      reservedShares,
    },
  };
}

function shuffled<T>(items: readonly T[], prng: Prng): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i -= 1) {
    const j = prng.int(0, i);
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}

const RUNS = 400;

describe('selectApplicants properties (seeded)', () => {
  it('never exceeds budget, seats, quota or count, and places every candidate once', () => {
    const prng = createPrng(20251);
    for (let run = 0; run < RUNS; run += 1) {
      const { candidates, constraints } = randomCall(prng);
      const result = selectApplicants(candidates, constraints);
      expect(verifySelection(candidates, constraints, result), `run ${run}`).toEqual([]);
    }
  });

  it('meets each reserved share, or every group member left out did not fit the limits', () => {
    const prng = createPrng(7);
    let met = 0;
    let unmet = 0;
    for (let run = 0; run < RUNS; run += 1) {
      const { candidates, constraints } = randomCall(prng);
      const result = selectApplicants(candidates, constraints);
      const byId = new Map(candidates.map((c) => [c.id, c]));
      for (const share of result.shares) {
        const n = result.selected.length;
        const members = result.selected.filter((p) => byId.get(p.id)?.groups.includes(share.group)).length;
        expect(share.selected).toBe(members);
        expect(share.met).toBe(members * 100 >= share.minPercent * n);
        if (share.met) {
          met += 1;
          continue;
        }
        unmet += 1;
        const leftOut = [...result.waitlisted, ...result.rejected].filter((p) =>
          byId.get(p.id)?.groups.includes(share.group),
        );
        for (const p of leftOut)
          expect(['limit', 'exceeds-call'], `run ${run} ${share.group} ${p.id}`).toContain(p.reason.kind);
      }
    }
    // The generator exercises both outcomes.
    expect(met).toBeGreaterThan(100);
    expect(unmet).toBeGreaterThan(5);
  });

  it('meets every share when all candidates fit comfortably', () => {
    const prng = createPrng(99);
    for (let run = 0; run < RUNS; run += 1) {
      const { candidates, constraints } = randomCall(prng);
      const roomy = { ...constraints, budget: null, seats: null, quota: null, pools: null };
      if (roomy.maxSelected === null) continue;
      // With only a count limit, a share is unmet only when the group has too few candidates or the
      // shares together ask more places than the count allows.
      const result = selectApplicants(candidates, roomy);
      for (const share of result.shares) {
        if (share.met) continue;
        const places = roomy.reservedShares.reduce(
          (sum, s) => sum + Math.ceil((s.minPercent * result.totals.count) / 100),
          0,
        );
        const tooFew = share.candidates - share.selected === 0;
        expect(tooFew || places > result.totals.count, `run ${run} ${share.group}`).toBe(true);
      }
    }
  });

  it('meets each share, or selects all its members, whenever all share groups together fit the limits', () => {
    const prng = createPrng(5);
    let checked = 0;
    for (let run = 0; run < RUNS * 2; run += 1) {
      const { candidates, constraints } = randomCall(prng);
      const inShares = new Set(constraints.reservedShares.map((s) => s.group));
      const members = candidates.filter((c) => c.groups.some((g) => inShares.has(g)));
      const sum = (field: 'amount' | 'seats' | 'quantity') => members.reduce((t, c) => t + c[field], 0);
      const fits = (used: number, limit: number | null) => limit === null || used <= limit;
      if (
        !fits(sum('amount'), constraints.budget) ||
        !fits(sum('seats'), constraints.seats) ||
        !fits(sum('quantity'), constraints.quota) ||
        !fits(members.length, constraints.maxSelected) ||
        (constraints.pools &&
          members.some(
            (c) =>
              c.quantity > 0 &&
              members.filter((m) => m.pool === c.pool).reduce((t, m) => t + m.quantity, 0) >
                (constraints.pools?.[c.pool ?? ''] ?? 0),
          ))
      )
        continue;
      checked += 1;
      const result = selectApplicants(candidates, constraints);
      for (const share of result.shares)
        expect(share.met || share.selected === share.candidates, `run ${run} ${share.group}`).toBe(true);
    }
    expect(checked).toBeGreaterThan(50);
  });

  it('is deterministic and independent of the input order', () => {
    const prng = createPrng(3);
    for (let run = 0; run < 100; run += 1) {
      const { candidates, constraints } = randomCall(prng);
      const a = selectApplicants(candidates, constraints);
      const b = selectApplicants(shuffled(candidates, prng), constraints);
      expect(b).toEqual(a);
    }
  });

  it('without reserved shares, selects exactly what plain rank order selects', () => {
    const prng = createPrng(11);
    for (let run = 0; run < 100; run += 1) {
      const { candidates, constraints } = randomCall(prng);
      const plain = { ...constraints, reservedShares: [] };
      const result = selectApplicants(candidates, plain);
      const ranked = [...candidates].sort(
        (x, y) =>
          y.score - x.score ||
          (x.submittedAt as number) - (y.submittedAt as number) ||
          (x.id < y.id ? -1 : 1),
      );
      expect(result.selected.map((p) => p.id)).toEqual(selectByRankOnly(ranked, plain).map((c) => c.id));
    }
  });

  it('after withdrawals, stays within the limits and keeps the shares the withdrawal did not touch', () => {
    const prng = createPrng(42);
    for (let run = 0; run < 200; run += 1) {
      const { candidates, constraints } = randomCall(prng);
      let result = selectApplicants(candidates, constraints);
      const byId = new Map(candidates.map((c) => [c.id, c]));
      for (let step = 0; step < 3 && result.selected.length > 0; step += 1) {
        const out = prng.pick(result.selected).id;
        const before = result;
        const next = promoteAfterWithdrawal(candidates, constraints, result, out);
        result = next.result;
        expect(verifySelection(candidates, constraints, result), `run ${run}`).toEqual([]);
        const waitIds = before.waitlisted.map((p) => p.id);
        for (const id of next.promoted) expect(waitIds).toContain(id);
        for (const share of before.shares) {
          if (!share.met || byId.get(out)?.groups.includes(share.group)) continue;
          expect(result.shares.find((s) => s.group === share.group)?.met, `run ${run}`).toBe(true);
        }
      }
    }
  });
});
