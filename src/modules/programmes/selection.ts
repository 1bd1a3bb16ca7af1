/**
 * Selection of applicants for a call: a pure, deterministic function of the scored applications and
 * the call's limits. No database, no clock, no randomness: the same input always gives the same
 * output, so a selection can be re-run and checked by anyone (and benchmarked on its own).
 *
 * Rules (see selection.md in this folder for the guarantees and how they are tested):
 * - Rank: total score descending, then submission time ascending (first come), then id ascending.
 * - Limits, each optional (null = no limit): `budget` (sum of requested amounts, centimes),
 *   `seats` (sum of requested seats: a training's places), `quota` (sum of requested quantities of
 *   material, whole units), `maxSelected` (number of beneficiaries). None is ever exceeded: a
 *   candidate is only added when it fits all four.
 * - Reserved shares are minimum shares OF THE NUMBER of selected applicants (not of the amount):
 *   `{ group: 'women_led', minPercent: 40 }` (or 12.5: hundredths of a percent are honoured exactly)
 *   means at least ceil(40 % × selected count) of the
 *   selected belong to the group. A candidate in several groups counts in each.
 * - Phase 1 (reserve): the target count T is what plain rank order would select within the limits;
 *   each group gets ceil(minPercent × T / 100) places, filled by rank among the group's candidates.
 * - Phase 2 (general): the others by rank, within the limits, each only if every reserved share
 *   still holds after it is added (the "share guard"). A candidate held back by the guard alone is
 *   deferred and reconsidered (in rank order) as soon as a later group member is selected.
 * - A group with too few candidates that fit (phase 1 went through all of them without reaching its
 *   places) cannot be met: its guard is lifted, the unused places go back to the general list, and
 *   the result says so with the numbers (`shares[].met === false`, `shortfall`).
 * - Not selected: waitlisted in rank order when the candidate could fit the call's limits on its own
 *   (so a withdrawal might make room), rejected when it never could (e.g. asks more than the whole
 *   budget) or when the waiting list is full (`waitlistSize`).
 */

export interface Candidate {
  id: string;
  /** Total score (higher is better). */
  score: number;
  /** Tie-breaker: submission time, ISO 8601 or epoch milliseconds; earlier wins. */
  submittedAt: string | number;
  /** Requested amount in centimes (whole, >= 0). */
  amount: number;
  /** Requested seats (whole, >= 0); 1 for a one-place application. */
  seats: number;
  /** Requested quantity of material in whole units (>= 0). */
  quantity: number;
  /** The reserved-share groups this applicant belongs to ('women_led', 'disability', 'youth', 'territory:01'...). */
  groups: readonly string[];
  /**
   * The quota pool its quantity is drawn from (a quota per territory: '01.511', '01', 'national'),
   * when the call has `pools`; it then draws from that pool as well as from `quota`.
   */
  pool?: string | null;
}

export interface ReservedShare {
  group: string;
  /** Minimum share of the selected COUNT, in percent (0..100, at most 2 decimals: 12.5 is fine). */
  minPercent: number;
}

export interface SelectionConstraints {
  budget: number | null;
  seats: number | null;
  quota: number | null;
  /** What is left in each quota pool (whole units); a candidate whose pool is missing gets nothing. */
  pools?: Readonly<Record<string, number>> | null;
  maxSelected: number | null;
  reservedShares: readonly ReservedShare[];
  /** How many not-selected candidates are kept on the waiting list (null = all that could fit). */
  waitlistSize?: number | null;
}

/** Why a candidate is where it is. */
export type SelectionReason =
  | { kind: 'reserved'; group: string }
  | { kind: 'rank' }
  /** Did not fit what was left of a limit when its turn came. */
  | { kind: 'limit'; limit: LimitName }
  /** Fitted the limits but would have brought a reserved share under its minimum. */
  | { kind: 'share'; group: string }
  /** Asks more than the call's whole limit: can never be selected. */
  | { kind: 'exceeds-call'; limit: LimitName }
  | { kind: 'waitlist-full' }
  | { kind: 'promoted'; after: string }
  /** Withdrew after being selected (listed with the rejected). */
  | { kind: 'withdrawn' };

export type LimitName = 'budget' | 'seats' | 'quota' | 'maxSelected';

export interface Placed {
  id: string;
  /** 1-based rank among all candidates. */
  rank: number;
  reason: SelectionReason;
}

export interface ShareOutcome {
  group: string;
  minPercent: number;
  /** Members of the group among the selected. */
  selected: number;
  /** ceil(minPercent × selected count / 100). */
  required: number;
  /** Members of the group among all candidates. */
  candidates: number;
  met: boolean;
  shortfall: number;
  /** Plain-language explanation (English; the web translates from the numbers). */
  explanation: string;
}

export interface Totals {
  amount: number;
  seats: number;
  quantity: number;
  count: number;
}

export interface SelectionResult {
  selected: Placed[];
  /** In order: the first moves up first. */
  waitlisted: Placed[];
  rejected: Placed[];
  totals: Totals;
  shares: ShareOutcome[];
  /** The target count used to size the reserved places (plain rank-order count within the limits). */
  target: number;
}

/** A bad input, with a JSON pointer relative to the selection input (`/candidates/3/amount`). */
export class SelectionInputError extends Error {
  constructor(
    readonly pointer: string,
    detail: string,
  ) {
    super(detail);
    this.name = 'SelectionInputError';
  }
}

const isWhole = (value: number): boolean => Number.isSafeInteger(value) && value >= 0;

function checkLimit(value: number | null, name: string): void {
  if (value !== null && !isWhole(value))
    throw new SelectionInputError(`/constraints/${name}`, `${name} must be a whole number >= 0 or null`);
}

/** Refuses what the algorithm cannot honour: fractional or negative units, duplicate ids, bad shares. */
export function validateSelectionInput(
  candidates: readonly Candidate[],
  constraints: SelectionConstraints,
): void {
  checkLimit(constraints.budget, 'budget');
  checkLimit(constraints.seats, 'seats');
  checkLimit(constraints.quota, 'quota');
  for (const [pool, left] of Object.entries(constraints.pools ?? {}))
    if (!isWhole(left))
      throw new SelectionInputError(`/constraints/pools/${pool}`, 'a pool must be a whole number >= 0');
  checkLimit(constraints.maxSelected, 'maxSelected');
  if (constraints.waitlistSize !== undefined) checkLimit(constraints.waitlistSize, 'waitlistSize');
  const groups = new Set<string>();
  constraints.reservedShares.forEach((share, i) => {
    if (
      !Number.isFinite(share.minPercent) ||
      share.minPercent < 0 ||
      share.minPercent > 100 ||
      Math.abs(share.minPercent * 100 - basisPoints(share.minPercent)) > 1e-6
    )
      throw new SelectionInputError(
        `/constraints/reservedShares/${i}/minPercent`,
        'minPercent must be a percentage from 0 to 100 with at most 2 decimals',
      );
    if (share.group.length === 0 || groups.has(share.group))
      throw new SelectionInputError(
        `/constraints/reservedShares/${i}/group`,
        `group must be named once (${JSON.stringify(share.group)})`,
      );
    groups.add(share.group);
  });
  if (groups.size > 16)
    throw new SelectionInputError('/constraints/reservedShares', 'at most 16 reserved shares per call');
  const ids = new Set<string>();
  candidates.forEach((c, i) => {
    if (ids.has(c.id)) throw new SelectionInputError(`/candidates/${i}/id`, `duplicate application ${c.id}`);
    ids.add(c.id);
    if (!Number.isFinite(c.score))
      throw new SelectionInputError(`/candidates/${i}/score`, 'score must be a finite number');
    for (const field of ['amount', 'seats', 'quantity'] as const)
      if (!isWhole(c[field]))
        throw new SelectionInputError(`/candidates/${i}/${field}`, `${field} must be a whole number >= 0`);
    if (typeof c.submittedAt === 'number' ? !Number.isFinite(c.submittedAt) : c.submittedAt.length === 0)
      throw new SelectionInputError(`/candidates/${i}/submittedAt`, 'submittedAt is required');
  });
}

const submittedMillis = (value: string | number): number =>
  typeof value === 'number' ? value : Date.parse(value);

/** The ranking order: score desc, submission asc, id asc. Exported so callers rank the same way. */
export function compareCandidates(a: Candidate, b: Candidate): number {
  if (a.score !== b.score) return b.score - a.score;
  const ta = submittedMillis(a.submittedAt);
  const tb = submittedMillis(b.submittedAt);
  if (ta !== tb && !Number.isNaN(ta) && !Number.isNaN(tb)) return ta - tb;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** The remaining room under each limit (Infinity when unlimited). */
class Room {
  budget: number;
  seats: number;
  quota: number;
  count: number;
  readonly pools: Map<string, number> | null;
  constructor(c: SelectionConstraints) {
    this.pools = c.pools ? new Map(Object.entries(c.pools)) : null;
    this.budget = c.budget ?? Number.POSITIVE_INFINITY;
    this.seats = c.seats ?? Number.POSITIVE_INFINITY;
    this.quota = c.quota ?? Number.POSITIVE_INFINITY;
    this.count = c.maxSelected ?? Number.POSITIVE_INFINITY;
  }
  /** The first limit the candidate does not fit, or null when it fits all. */
  misfit(c: Candidate): LimitName | null {
    if (this.count < 1) return 'maxSelected';
    if (c.amount > this.budget) return 'budget';
    if (c.seats > this.seats) return 'seats';
    if (c.quantity > this.quota) return 'quota';
    if (this.pools && c.quantity > 0 && c.quantity > (this.pools.get(c.pool ?? '') ?? 0)) return 'quota';
    return null;
  }
  take(c: Candidate): void {
    this.budget -= c.amount;
    this.seats -= c.seats;
    this.quota -= c.quantity;
    if (this.pools && c.quantity > 0) {
      const pool = c.pool ?? '';
      this.pools.set(pool, (this.pools.get(pool) ?? 0) - c.quantity);
    }
    this.count -= 1;
  }
  give(c: Candidate): void {
    this.budget += c.amount;
    this.seats += c.seats;
    this.quota += c.quantity;
    if (this.pools && c.quantity > 0) {
      const pool = c.pool ?? '';
      this.pools.set(pool, (this.pools.get(pool) ?? 0) + c.quantity);
    }
    this.count += 1;
  }
}

const poolSize = (pools: Readonly<Record<string, number>>, pool: string | null | undefined): number =>
  pool != null && Object.hasOwn(pools, pool) ? (pools[pool] ?? 0) : 0;

/** A limit of the whole call that the candidate alone exceeds, or null. */
function exceedsCall(c: Candidate, k: SelectionConstraints): LimitName | null {
  if (k.maxSelected !== null && k.maxSelected < 1) return 'maxSelected';
  if (k.budget !== null && c.amount > k.budget) return 'budget';
  if (k.seats !== null && c.seats > k.seats) return 'seats';
  if (k.quota !== null && c.quantity > k.quota) return 'quota';
  if (k.pools && c.quantity > 0 && c.quantity > poolSize(k.pools, c.pool)) return 'quota';
  return null;
}

/** Plain rank order within the limits, no shares: the baseline and the target count. */
export function selectByRankOnly(
  ranked: readonly Candidate[],
  constraints: SelectionConstraints,
): Candidate[] {
  const room = new Room(constraints);
  const chosen: Candidate[] = [];
  for (const c of ranked) {
    if (room.count < 1) break;
    if (room.misfit(c) === null) {
      room.take(c);
      chosen.push(c);
    }
  }
  return chosen;
}

/** Counts per group index and the selected count: what the share guard looks at. */
class ShareState {
  readonly counts: number[];
  n = 0;
  constructor(readonly shares: readonly ReservedShare[]) {
    this.counts = shares.map(() => 0);
  }
  add(mask: number, sign: 1 | -1): void {
    this.n += sign;
    for (let g = 0; g < this.shares.length; g += 1)
      if (mask & (1 << g)) this.counts[g] = (this.counts[g] ?? 0) + sign;
  }
  /** True when every enforced share still holds after adding one candidate of `mask`. */
  holdsAfterAdding(mask: number, enforced: number): boolean {
    const n = this.n + 1;
    for (let g = 0; g < this.shares.length; g += 1) {
      if (!(enforced & (1 << g))) continue;
      const count = (this.counts[g] ?? 0) + (mask & (1 << g) ? 1 : 0);
      if (count * 10_000 < basisPoints(this.shares[g]?.minPercent ?? 0) * n) return false;
    }
    return true;
  }
  /** The first enforced group the addition would break (for the reason), or -1. */
  brokenBy(mask: number, enforced: number): number {
    const n = this.n + 1;
    for (let g = 0; g < this.shares.length; g += 1) {
      if (!(enforced & (1 << g))) continue;
      const count = (this.counts[g] ?? 0) + (mask & (1 << g) ? 1 : 0);
      if (count * 10_000 < basisPoints(this.shares[g]?.minPercent ?? 0) * n) return g;
    }
    return -1;
  }
}

/**
 * Percentages are compared in hundredths of a percent, whole numbers on both sides, so 12.5 % or
 * 7 % (0.07 × 100 = 7.000000000000001 in floating point) never round the wrong way.
 */
function basisPoints(minPercent: number): number {
  return Math.round(minPercent * 100);
}

/** ceil(minPercent × n / 100), exactly. */
const required = (minPercent: number, n: number): number =>
  Math.floor((basisPoints(minPercent) * n + 9_999) / 10_000);

function maskOf(c: Candidate, groupIndex: ReadonlyMap<string, number>): number {
  let mask = 0;
  for (const group of c.groups) {
    const g = groupIndex.get(group);
    if (g !== undefined) mask |= 1 << g;
  }
  return mask;
}

/**
 * Selects applicants within the call's limits, honouring its reserved shares when enough candidates
 * fit. Throws SelectionInputError on bad input. `candidates` need not be sorted.
 */
export function selectApplicants(
  candidates: readonly Candidate[],
  constraints: SelectionConstraints,
): SelectionResult {
  validateSelectionInput(candidates, constraints);
  const ranked = [...candidates].sort(compareCandidates);
  const shares = constraints.reservedShares;
  const groupIndex = new Map(shares.map((s, i) => [s.group, i]));
  const masks = ranked.map((c) => maskOf(c, groupIndex));
  const target = selectByRankOnly(ranked, constraints).length;

  const room = new Room(constraints);
  const state = new ShareState(shares);
  const reasons: (SelectionReason | null)[] = ranked.map(() => null);
  const chosen: boolean[] = ranked.map(() => false);
  const select = (i: number, reason: SelectionReason): void => {
    const c = ranked[i] as Candidate;
    room.take(c);
    state.add(masks[i] ?? 0, 1);
    chosen[i] = true;
    reasons[i] = reason;
  };

  // Phase 1: each group's places, by rank among candidates of groups still short of places. The
  // places are recomputed from max(T, selected so far): when reserving pushes the count past T
  // (groups that overlap little), another pass takes the next members, until a pass adds nobody.
  const placesOf = (g: number): number => required(shares[g]?.minPercent ?? 0, Math.max(target, state.n));
  const short = (mask: number): number => {
    for (let g = 0; g < shares.length; g += 1)
      if (mask & (1 << g) && (state.counts[g] ?? 0) < placesOf(g)) return g;
    return -1;
  };
  let open: number[] = [];
  for (let i = 0; i < ranked.length; i += 1) if (masks[i]) open.push(i);
  for (let added = true; added && open.length > 0; ) {
    added = false;
    const next: number[] = [];
    for (const i of open) {
      const g = short(masks[i] ?? 0);
      if (g < 0) {
        next.push(i);
        continue;
      }
      const misfit = room.misfit(ranked[i] as Candidate);
      if (misfit === null) {
        select(i, { kind: 'reserved', group: shares[g]?.group ?? '' });
        added = true;
      } else reasons[i] = { kind: 'limit', limit: misfit }; // room only shrinks: out for good
    }
    open = next;
  }
  // Groups that could not get their places are not enforced afterwards (their places go back).
  let enforced = 0;
  shares.forEach((_, g) => {
    if ((state.counts[g] ?? 0) >= placesOf(g)) enforced |= 1 << g;
  });

  // Phase 2: the rest by rank, with the share guard; held-back candidates wait per group mask.
  const deferred = new Map<number, number[]>();
  const heads = new Map<number, number>();
  const retryDeferred = (): void => {
    for (;;) {
      let best = -1;
      for (const [mask, queue] of deferred) {
        const at = heads.get(mask) ?? 0;
        const i = queue[at];
        if (i === undefined || !state.holdsAfterAdding(mask, enforced)) continue;
        if (best < 0 || i < best) best = i;
      }
      if (best < 0) return;
      const mask = masks[best] ?? 0;
      heads.set(mask, (heads.get(mask) ?? 0) + 1);
      const misfit = room.misfit(ranked[best] as Candidate);
      if (misfit === null) select(best, { kind: 'rank' });
      // Released by the guard but no longer fits: it keeps the share reason it waited for.
    }
  };
  for (let i = 0; i < ranked.length; i += 1) {
    if (chosen[i]) continue;
    const c = ranked[i] as Candidate;
    const mask = masks[i] ?? 0;
    const misfit = room.misfit(c);
    if (misfit !== null) {
      reasons[i] = { kind: 'limit', limit: misfit };
      continue;
    }
    const broken = state.brokenBy(mask, enforced);
    if (broken >= 0) {
      reasons[i] = { kind: 'share', group: shares[broken]?.group ?? '' };
      const queue = deferred.get(mask) ?? [];
      queue.push(i);
      deferred.set(mask, queue);
      continue;
    }
    select(i, { kind: 'rank' });
    if (mask !== 0) retryDeferred();
  }

  return assemble(ranked, masks, chosen, reasons, constraints, target);
}

function assemble(
  ranked: readonly Candidate[],
  masks: readonly number[],
  chosen: readonly boolean[],
  reasons: readonly (SelectionReason | null)[],
  constraints: SelectionConstraints,
  target: number,
): SelectionResult {
  const selected: Placed[] = [];
  const waitlisted: Placed[] = [];
  const rejected: Placed[] = [];
  const totals: Totals = { amount: 0, seats: 0, quantity: 0, count: 0 };
  const waitlistSize = constraints.waitlistSize ?? Number.POSITIVE_INFINITY;
  ranked.forEach((c, i) => {
    const rank = i + 1;
    if (chosen[i]) {
      selected.push({ id: c.id, rank, reason: reasons[i] ?? { kind: 'rank' } });
      totals.amount += c.amount;
      totals.seats += c.seats;
      totals.quantity += c.quantity;
      totals.count += 1;
      return;
    }
    const never = exceedsCall(c, constraints);
    if (never) rejected.push({ id: c.id, rank, reason: { kind: 'exceeds-call', limit: never } });
    else if (waitlisted.length >= waitlistSize)
      rejected.push({ id: c.id, rank, reason: { kind: 'waitlist-full' } });
    else waitlisted.push({ id: c.id, rank, reason: reasons[i] ?? { kind: 'limit', limit: 'maxSelected' } });
  });
  return {
    selected,
    waitlisted,
    rejected,
    totals,
    shares: shareOutcomes(ranked, masks, chosen, constraints.reservedShares, totals.count),
    target,
  };
}

function shareOutcomes(
  ranked: readonly Candidate[],
  masks: readonly number[],
  chosen: readonly boolean[],
  shares: readonly ReservedShare[],
  n: number,
): ShareOutcome[] {
  return shares.map((share, g) => {
    let selected = 0;
    let candidates = 0;
    ranked.forEach((_, i) => {
      if (!((masks[i] ?? 0) & (1 << g))) return;
      candidates += 1;
      if (chosen[i]) selected += 1;
    });
    const need = required(share.minPercent, n);
    const met = selected >= need;
    const explanation = met
      ? `${selected} of ${n} selected are ${share.group}: at least ${need} (${share.minPercent} %) required, met`
      : `${selected} of ${n} selected are ${share.group}, ${need} (${share.minPercent} %) required: ` +
        `only ${candidates} applications of the group, and those not selected do not fit the remaining limits; ` +
        'the unused reserved places went to the general list';
    return {
      group: share.group,
      minPercent: share.minPercent,
      selected,
      required: need,
      candidates,
      met,
      shortfall: met ? 0 : need - selected,
      explanation,
    };
  });
}

/**
 * After `withdrawnId` (a selected applicant) withdraws, frees what it held and moves up waitlisted
 * applicants in list order: first, for each reserved share the withdrawal left short, the first
 * waitlisted member of that group that fits; then anyone in list order who fits and keeps every
 * share that is met still met. Repeats until nobody more fits. Returns the new result and the ids
 * moved up, in order. Throws SelectionInputError when `withdrawnId` is not selected.
 */
export function promoteAfterWithdrawal(
  candidates: readonly Candidate[],
  constraints: SelectionConstraints,
  current: Pick<SelectionResult, 'selected' | 'waitlisted' | 'rejected'>,
  withdrawnId: string,
): { result: SelectionResult; promoted: string[]; withdrawn: Candidate } {
  validateSelectionInput(candidates, constraints);
  const byId = new Map(candidates.map((c) => [c.id, c]));
  const withdrawn = byId.get(withdrawnId);
  if (!withdrawn || !current.selected.some((p) => p.id === withdrawnId))
    throw new SelectionInputError('/withdrawnId', `application ${withdrawnId} is not selected`);
  const shares = constraints.reservedShares;
  const groupIndex = new Map(shares.map((s, i) => [s.group, i]));
  const room = new Room(constraints);
  const state = new ShareState(shares);
  const selected = current.selected.filter((p) => p.id !== withdrawnId);
  const withdrawnRank = current.selected.find((p) => p.id === withdrawnId)?.rank ?? 0;
  for (const p of selected) {
    const c = byId.get(p.id);
    if (!c) throw new SelectionInputError('/selected', `selected application ${p.id} is not a candidate`);
    room.take(c);
    state.add(maskOf(c, groupIndex), 1);
  }
  const waiting = [...current.waitlisted];
  const rejected = [
    ...current.rejected,
    { id: withdrawnId, rank: withdrawnRank, reason: { kind: 'withdrawn' } } as Placed,
  ];
  rejected.sort((a, b) => a.rank - b.rank);
  const promoted: string[] = [];
  const metNow = (): number => {
    let met = 0;
    shares.forEach((s, g) => {
      if ((state.counts[g] ?? 0) >= required(s.minPercent, state.n)) met |= 1 << g;
    });
    return met;
  };
  const promote = (at: number): void => {
    const [p] = waiting.splice(at, 1);
    if (!p) return;
    const c = byId.get(p.id) as Candidate;
    room.take(c);
    state.add(maskOf(c, groupIndex), 1);
    selected.push({ id: p.id, rank: p.rank, reason: { kind: 'promoted', after: withdrawnId } });
    promoted.push(p.id);
  };
  for (let moved = true; moved; ) {
    moved = false;
    const met = metNow();
    // Repair: a share left short takes its first waitlisted member that fits and breaks no met share.
    for (let g = 0; g < shares.length && !moved; g += 1) {
      if (met & (1 << g)) continue;
      const at = waiting.findIndex((p) => {
        const c = byId.get(p.id);
        if (!c || room.misfit(c) !== null) return false;
        const mask = maskOf(c, groupIndex);
        return (mask & (1 << g)) !== 0 && state.holdsAfterAdding(mask, met);
      });
      if (at >= 0) {
        promote(at);
        moved = true;
      }
    }
    if (moved) continue;
    const at = waiting.findIndex((p) => {
      const c = byId.get(p.id);
      return c !== undefined && room.misfit(c) === null && state.holdsAfterAdding(maskOf(c, groupIndex), met);
    });
    if (at >= 0) {
      promote(at);
      moved = true;
    }
  }
  selected.sort((a, b) => a.rank - b.rank);
  const chosen = new Set(selected.map((p) => p.id));
  const totals: Totals = { amount: 0, seats: 0, quantity: 0, count: 0 };
  for (const id of chosen) {
    const c = byId.get(id) as Candidate;
    totals.amount += c.amount;
    totals.seats += c.seats;
    totals.quantity += c.quantity;
    totals.count += 1;
  }
  const ranked = [...candidates].sort(compareCandidates);
  const masks = ranked.map((c) => maskOf(c, groupIndex));
  const result: SelectionResult = {
    selected,
    waitlisted: waiting,
    rejected,
    totals,
    shares: shareOutcomes(
      ranked,
      masks,
      ranked.map((c) => chosen.has(c.id)),
      shares,
      totals.count,
    ),
    target: totals.count,
  };
  return { result, promoted, withdrawn };
}

/**
 * Checks a result against the candidates and limits independently of the algorithm: no limit
 * exceeded, every candidate placed exactly once, totals right. Returns the list of violations
 * (empty when sound). The service runs it before storing a selection.
 */
export function verifySelection(
  candidates: readonly Candidate[],
  constraints: SelectionConstraints,
  result: Pick<SelectionResult, 'selected' | 'waitlisted' | 'rejected'>,
): string[] {
  const problems: string[] = [];
  const byId = new Map(candidates.map((c) => [c.id, c]));
  const seen = new Set<string>();
  for (const p of [...result.selected, ...result.waitlisted, ...result.rejected]) {
    if (!byId.has(p.id)) problems.push(`${p.id} is not a candidate`);
    if (seen.has(p.id)) problems.push(`${p.id} is placed twice`);
    seen.add(p.id);
  }
  if (seen.size !== candidates.length)
    problems.push(`${candidates.length - seen.size} candidates not placed`);
  let amount = 0;
  let seats = 0;
  let quantity = 0;
  for (const p of result.selected) {
    const c = byId.get(p.id);
    if (!c) continue;
    amount += c.amount;
    seats += c.seats;
    quantity += c.quantity;
  }
  const over = (name: string, used: number, limit: number | null) => {
    if (limit !== null && used > limit) problems.push(`${name} exceeded: ${used} > ${limit}`);
  };
  over('budget', amount, constraints.budget);
  over('seats', seats, constraints.seats);
  over('quota', quantity, constraints.quota);
  if (constraints.pools) {
    const used = new Map<string, number>();
    for (const p of result.selected) {
      const c = byId.get(p.id);
      if (!c || c.quantity === 0) continue;
      used.set(c.pool ?? '', (used.get(c.pool ?? '') ?? 0) + c.quantity);
    }
    for (const [pool, total] of used) over(`quota pool ${pool}`, total, poolSize(constraints.pools, pool));
  }
  over('maxSelected', result.selected.length, constraints.maxSelected);
  return problems;
}
