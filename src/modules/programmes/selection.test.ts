import { describe, expect, it } from 'vitest';
import {
  type Candidate,
  promoteAfterWithdrawal,
  type SelectionConstraints,
  SelectionInputError,
  selectApplicants,
  verifySelection,
} from './selection.js';

/** A candidate with sensible defaults: one seat, no material, submitted at minute `at`. */
const cand = (id: string, score: number, extra: Partial<Candidate> = {}): Candidate => ({
  id,
  score,
  submittedAt: Date.UTC(2025, 0, 1),
  amount: 0,
  seats: 1,
  quantity: 0,
  groups: [],
  ...extra,
});

const limits = (extra: Partial<SelectionConstraints> = {}): SelectionConstraints => ({
  budget: null,
  seats: null,
  quota: null,
  maxSelected: null,
  reservedShares: [],
  ...extra,
});

const ids = (placed: { id: string }[]) => placed.map((p) => p.id);

describe('selectApplicants without reserved shares', () => {
  it('takes candidates by score within the budget and skips one that no longer fits', () => {
    const candidates = [
      cand('a', 90, { amount: 50_000 }),
      cand('b', 80, { amount: 40_000 }),
      cand('c', 70, { amount: 20_000 }), // 50k + 40k + 20k > 100k: does not fit at its turn
      cand('d', 60, { amount: 10_000 }),
      cand('e', 50, { amount: 200_000 }), // more than the whole budget: never selectable
    ];
    const result = selectApplicants(candidates, limits({ budget: 100_000 }));
    expect(ids(result.selected)).toEqual(['a', 'b', 'd']);
    expect(result.totals).toEqual({ amount: 100_000, seats: 3, quantity: 0, count: 3 });
    expect(result.waitlisted).toEqual([{ id: 'c', rank: 3, reason: { kind: 'limit', limit: 'budget' } }]);
    expect(result.rejected).toEqual([
      { id: 'e', rank: 5, reason: { kind: 'exceeds-call', limit: 'budget' } },
    ]);
  });

  it('breaks ties on score by submission time, then by id', () => {
    const candidates = [
      cand('z', 70, { submittedAt: '2025-03-02T10:00:00Z' }),
      cand('y', 70, { submittedAt: '2025-03-01T10:00:00Z' }),
      cand('x', 70, { submittedAt: '2025-03-02T10:00:00Z' }),
    ];
    const result = selectApplicants(candidates, limits({ maxSelected: 2 }));
    expect(ids(result.selected)).toEqual(['y', 'x']);
    expect(ids(result.waitlisted)).toEqual(['z']);
  });

  it('honours seats, quota and count together', () => {
    const candidates = [
      cand('a', 9, { seats: 3, quantity: 10 }),
      cand('b', 8, { seats: 3, quantity: 1 }), // seats 6 > 5
      cand('c', 7, { seats: 1, quantity: 15 }), // quota 25 > 20
      cand('d', 6, { seats: 2, quantity: 5 }),
      cand('e', 5, { seats: 0, quantity: 0 }), // count 3 > 2
    ];
    const result = selectApplicants(candidates, limits({ seats: 5, quota: 20, maxSelected: 2 }));
    expect(ids(result.selected)).toEqual(['a', 'd']);
    expect(result.waitlisted.map((p) => [p.id, p.reason])).toEqual([
      ['b', { kind: 'limit', limit: 'seats' }],
      ['c', { kind: 'limit', limit: 'quota' }],
      ['e', { kind: 'limit', limit: 'maxSelected' }],
    ]);
  });

  it('draws each quantity from its own territory pool', () => {
    const candidates = [
      cand('a', 9, { quantity: 30, pool: '01' }),
      cand('b', 8, { quantity: 30, pool: '01' }), // pool 01 has 50: does not fit after a
      cand('c', 7, { quantity: 30, pool: '02' }),
      cand('d', 6, { quantity: 10, pool: '03' }), // no pool 03: never
      cand('e', 5, { quantity: 0, pool: '03' }), // asks no material: fits
    ];
    const k = limits({ pools: { '01': 50, '02': 40 } });
    const result = selectApplicants(candidates, k);
    expect(ids(result.selected)).toEqual(['a', 'c', 'e']);
    expect(result.waitlisted).toEqual([{ id: 'b', rank: 2, reason: { kind: 'limit', limit: 'quota' } }]);
    expect(result.rejected).toEqual([{ id: 'd', rank: 4, reason: { kind: 'exceeds-call', limit: 'quota' } }]);
    expect(
      verifySelection(candidates, k, {
        ...result,
        selected: [...result.selected, result.waitlisted[0] as never],
      }),
    ).toContain('quota pool 01 exceeded: 60 > 50');
  });

  it('rejects past the waiting list size', () => {
    const candidates = ['a', 'b', 'c', 'd'].map((id, i) => cand(id, 10 - i));
    const result = selectApplicants(candidates, limits({ maxSelected: 1, waitlistSize: 2 }));
    expect(ids(result.waitlisted)).toEqual(['b', 'c']);
    expect(result.rejected).toEqual([{ id: 'd', rank: 4, reason: { kind: 'waitlist-full' } }]);
  });
});

describe('selectApplicants with reserved shares', () => {
  // Ten candidates, scores 100..91; women-led: w1 (rank 4), w2 (rank 7), w3 (rank 9).
  const ten = (): Candidate[] =>
    ['m1', 'm2', 'm3', 'w1', 'm4', 'm5', 'w2', 'm6', 'w3', 'm7'].map((id, i) =>
      cand(id, 100 - i, { groups: id.startsWith('w') ? ['women_led'] : [] }),
    );

  it('reserves 40 % of five places for women-led applicants, best-ranked women first', () => {
    const result = selectApplicants(
      ten(),
      limits({ maxSelected: 5, reservedShares: [{ group: 'women_led', minPercent: 40 }] }),
    );
    // ceil(40 % x 5) = 2 women: w1 and w2; the other three places by rank: m1, m2, m3.
    expect(ids(result.selected)).toEqual(['m1', 'm2', 'm3', 'w1', 'w2']);
    expect(result.selected.find((p) => p.id === 'w2')?.reason).toEqual({
      kind: 'reserved',
      group: 'women_led',
    });
    expect(result.shares[0]).toMatchObject({ selected: 2, required: 2, met: true, candidates: 3 });
    expect(ids(result.waitlisted)).toEqual(['m4', 'm5', 'm6', 'w3', 'm7']);
  });

  it('honours a share in fractions of a percent exactly: 12.5 % of 8 places is 1, of 9 places 2', () => {
    const eight = selectApplicants(
      ten(),
      limits({ maxSelected: 8, reservedShares: [{ group: 'women_led', minPercent: 12.5 }] }),
    );
    expect(eight.shares[0]).toMatchObject({ minPercent: 12.5, required: 1, met: true });
    // Rounded up to 13 % it would ask ceil(1.04) = 2 places of 8.
    const nineCandidates = ten().map((c) => (c.id === 'w2' || c.id === 'w3' ? { ...c, score: 1 } : c));
    const nine = selectApplicants(
      nineCandidates,
      limits({ maxSelected: 9, reservedShares: [{ group: 'women_led', minPercent: 12.5 }] }),
    );
    // ceil(12.5 % x 9) = ceil(1.125) = 2 women although both rank last.
    expect(nine.shares[0]).toMatchObject({ required: 2, selected: 2, met: true });
    const eightAgain = selectApplicants(
      nineCandidates,
      limits({ maxSelected: 8, reservedShares: [{ group: 'women_led', minPercent: 12.5 }] }),
    );
    // 12.5 % of 8 is exactly 1: w1 alone, the two last-ranked women stay out.
    expect(ids(eightAgain.selected)).not.toContain('w2');
    expect(ids(eightAgain.selected)).not.toContain('w3');
  });

  it('takes 7 % as exactly 7 % (7 of 100 places, not 8 from 0.07 x 100 in floating point)', () => {
    const many = Array.from({ length: 120 }, (_, i) =>
      cand(`c${String(i).padStart(3, '0')}`, 1000 - i, { groups: i >= 110 ? ['youth'] : [] }),
    );
    const result = selectApplicants(
      many,
      limits({ maxSelected: 100, reservedShares: [{ group: 'youth', minPercent: 0.07 * 100 }] }),
    );
    expect(result.shares[0]).toMatchObject({ required: 7, selected: 7, met: true });
  });

  it('counts an applicant in several groups for each, and keeps every share', () => {
    const candidates = [
      cand('m1', 100),
      cand('m2', 99),
      cand('m3', 98),
      cand('wd', 97, { groups: ['women_led', 'disability'] }),
      cand('m4', 96),
      cand('w1', 95, { groups: ['women_led'] }),
      cand('d1', 94, { groups: ['disability'] }),
    ];
    const result = selectApplicants(
      candidates,
      limits({
        maxSelected: 4,
        reservedShares: [
          { group: 'women_led', minPercent: 40 },
          { group: 'disability', minPercent: 10 },
        ],
      }),
    );
    // Places: women 2 (wd, w1), disability 1 (wd counts for both); two more by rank: m1, m2.
    expect(ids(result.selected)).toEqual(['m1', 'm2', 'wd', 'w1']);
    expect(result.shares.map((s) => [s.group, s.selected, s.required, s.met])).toEqual([
      ['women_led', 2, 2, true],
      ['disability', 1, 1, true],
    ]);
  });

  it('gives unused reserved places back to the general list and explains why the share is not met', () => {
    const candidates = [
      cand('m1', 10),
      cand('m2', 9),
      cand('w1', 8, { groups: ['women_led'] }),
      cand('m3', 7),
    ];
    const result = selectApplicants(
      candidates,
      limits({ maxSelected: 4, reservedShares: [{ group: 'women_led', minPercent: 50 }] }),
    );
    expect(ids(result.selected)).toEqual(['m1', 'm2', 'w1', 'm3']);
    const share = result.shares[0];
    expect(share).toMatchObject({ selected: 1, required: 2, met: false, shortfall: 1, candidates: 1 });
    expect(share?.explanation).toContain('only 1 applications of the group');
  });

  it('holds a general candidate back to keep a share within the budget, and says so', () => {
    // Budget for 3 x 100: T = 3 by rank, 40 % of 3 -> 2 places (w1, w2), then m1 by rank.
    const candidates = [
      cand('m1', 10, { amount: 100 }),
      cand('m2', 9, { amount: 100 }),
      cand('m3', 8, { amount: 100 }),
      cand('w1', 7, { amount: 100, groups: ['women_led'] }),
      cand('w2', 6, { amount: 100, groups: ['women_led'] }),
    ];
    const shares = [{ group: 'women_led', minPercent: 40 }];
    const result = selectApplicants(candidates, limits({ budget: 300, reservedShares: shares }));
    expect(ids(result.selected)).toEqual(['m1', 'w1', 'w2']);
    expect(result.waitlisted.map((p) => [p.id, p.reason])).toEqual([
      ['m2', { kind: 'limit', limit: 'budget' }],
      ['m3', { kind: 'limit', limit: 'budget' }],
    ]);
    expect(verifySelection(candidates, limits({ budget: 300 }), result)).toEqual([]);
  });

  it('defers a general candidate that would break the share until a group member arrives', () => {
    // No count limit, budget 400: T = 4 by rank (m1..m4), 25 % -> 1 place: w1 (rank 5, 100).
    // Then m1, m2, m3 fit (guard: 1 woman in 4 = 25 %); m4 does not fit the budget any more.
    const candidates = [
      cand('m1', 10, { amount: 100 }),
      cand('m2', 9, { amount: 100 }),
      cand('m3', 8, { amount: 100 }),
      cand('m4', 7, { amount: 100 }),
      cand('w1', 6, { amount: 100, groups: ['women_led'] }),
    ];
    const result = selectApplicants(
      candidates,
      limits({ budget: 400, reservedShares: [{ group: 'women_led', minPercent: 25 }] }),
    );
    expect(ids(result.selected)).toEqual(['m1', 'm2', 'm3', 'w1']);
    expect(result.shares[0]?.met).toBe(true);

    // General candidates dearer than women-led ones: reserving lets more in than T, and a general
    // candidate that would bring the share under 50 % waits for the next woman.
    const mixed = [
      cand('m1', 10, { amount: 4 }),
      cand('m2', 9, { amount: 4 }),
      cand('m3', 8, { amount: 1 }),
      cand('w1', 7, { amount: 1, groups: ['women_led'] }),
      cand('w2', 6, { amount: 1, groups: ['women_led'] }),
      cand('m4', 5, { amount: 1 }),
    ];
    const r2 = selectApplicants(
      mixed,
      limits({ budget: 8, reservedShares: [{ group: 'women_led', minPercent: 50 }] }),
    );
    // T = 2 (m1, m2) -> 1 place: w1. m1 fits; m2 no longer fits the budget; m3 would make 1 woman in
    // 3: held back; w2 comes (2 in 3), which lets m3 in (2 in 4); m4 would make 2 in 5: held back.
    expect(ids(r2.selected)).toEqual(['m1', 'm3', 'w1', 'w2']);
    expect(r2.waitlisted.map((p) => [p.id, p.reason])).toEqual([
      ['m2', { kind: 'limit', limit: 'budget' }],
      ['m4', { kind: 'share', group: 'women_led' }],
    ]);
    expect(r2.shares[0]).toMatchObject({ selected: 2, required: 2, met: true });
  });

  it('is deterministic: the order of the input does not matter', () => {
    const candidates = ten();
    const k = limits({ maxSelected: 5, reservedShares: [{ group: 'women_led', minPercent: 40 }] });
    expect(selectApplicants([...candidates].reverse(), k)).toEqual(selectApplicants(candidates, k));
  });
});

describe('selectApplicants refuses bad input with a pointer', () => {
  const cases: [string, Candidate[], SelectionConstraints, string][] = [
    ['fractional quantity', [cand('a', 1, { quantity: 1.5 })], limits(), '/candidates/0/quantity'],
    ['negative amount', [cand('a', 1), cand('b', 1, { amount: -5 })], limits(), '/candidates/1/amount'],
    ['duplicate id', [cand('a', 1), cand('a', 2)], limits(), '/candidates/1/id'],
    ['NaN score', [cand('a', Number.NaN)], limits(), '/candidates/0/score'],
    ['fractional budget', [], limits({ budget: 10.5 }), '/constraints/budget'],
    ['negative quota', [], limits({ quota: -1 }), '/constraints/quota'],
    [
      'share over 100',
      [],
      limits({ reservedShares: [{ group: 'youth', minPercent: 150 }] }),
      '/constraints/reservedShares/0/minPercent',
    ],
    [
      'share finer than a hundredth of a percent',
      [],
      limits({ reservedShares: [{ group: 'youth', minPercent: 12.345 }] }),
      '/constraints/reservedShares/0/minPercent',
    ],
    [
      'share named twice',
      [],
      limits({
        reservedShares: [
          { group: 'youth', minPercent: 10 },
          { group: 'youth', minPercent: 20 },
        ],
      }),
      '/constraints/reservedShares/1/group',
    ],
  ];
  for (const [name, candidates, k, pointer] of cases) {
    it(name, () => {
      let caught: unknown;
      try {
        selectApplicants(candidates, k);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(SelectionInputError);
      expect((caught as SelectionInputError).pointer).toBe(pointer);
    });
  }
});

describe('promoteAfterWithdrawal', () => {
  const shares = [{ group: 'women_led', minPercent: 40 }];
  const ten = (): Candidate[] =>
    ['m1', 'm2', 'm3', 'w1', 'm4', 'm5', 'w2', 'm6', 'w3', 'm7'].map((id, i) =>
      cand(id, 100 - i, { groups: id.startsWith('w') ? ['women_led'] : [] }),
    );

  it('replaces a withdrawn woman by the next waitlisted woman when the share needs it', () => {
    const candidates = ten();
    const k = limits({ maxSelected: 5, reservedShares: shares });
    const first = selectApplicants(candidates, k);
    const { result, promoted } = promoteAfterWithdrawal(candidates, k, first, 'w1');
    // m4 is first on the list, but 1 woman in 5 < 40 %: w3 moves up.
    expect(promoted).toEqual(['w3']);
    expect(ids(result.selected)).toEqual(['m1', 'm2', 'm3', 'w2', 'w3']);
    expect(ids(result.waitlisted)).toEqual(['m4', 'm5', 'm6', 'm7']);
    expect(result.shares[0]?.met).toBe(true);
  });

  it('moves up the first on the list when the shares allow it', () => {
    const candidates = ten();
    const k = limits({ maxSelected: 5, reservedShares: shares });
    const { promoted } = promoteAfterWithdrawal(candidates, k, selectApplicants(candidates, k), 'm2');
    expect(promoted).toEqual(['m4']);
  });

  it('moves up several cheaper applicants when an expensive one withdraws', () => {
    const candidates = [
      cand('a', 10, { amount: 300 }),
      cand('b', 9, { amount: 100 }),
      cand('c', 8, { amount: 150 }),
      cand('d', 7, { amount: 150 }),
      cand('e', 6, { amount: 250 }),
    ];
    const k = limits({ budget: 400 });
    const first = selectApplicants(candidates, k);
    expect(ids(first.selected)).toEqual(['a', 'b']);
    const { result, promoted } = promoteAfterWithdrawal(candidates, k, first, 'a');
    expect(promoted).toEqual(['c', 'd']);
    expect(result.totals.amount).toBe(400);
    expect(verifySelection(candidates, k, result)).toEqual([]);
  });

  it('refuses to withdraw an applicant that is not selected', () => {
    const candidates = ten();
    const k = limits({ maxSelected: 5 });
    expect(() => promoteAfterWithdrawal(candidates, k, selectApplicants(candidates, k), 'm7')).toThrow(
      SelectionInputError,
    );
  });
});
