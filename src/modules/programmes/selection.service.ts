/**
 * Runs the selection of a call (selection.ts) against the database: the call row is locked, the
 * scored applications and their reserved-share groups (each share's rule compiled to SQL) are read,
 * the result is checked by `verifySelection`, then in ONE transaction every application gets its
 * status (selected / waitlisted with its position / rejected) and rank, each selected applicant its
 * benefit (drawn from the call's budget and seats and the quota by `allocateBenefits`, which refuses
 * to pass any limit), the call becomes `decided`, and the audit trail records the whole outcome.
 * A withdrawal frees the benefit and moves the waiting list up (promoteAfterWithdrawal).
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from '../../db/database.js';
import { AppError, notFound } from '../../shared/errors.js';
import type { Context } from '../../shared/principal.js';
import { recordAudit } from '../audit/audit.service.js';
import * as benefitsRepo from './benefits.repository.js';
import { type Allocation, allocateBenefits, assertManages, releaseBenefit } from './benefits.service.js';
import type { Rule } from './eligibility.rules.js';
import { compileRule } from './eligibility.sql.js';
import {
  type Candidate,
  type Placed,
  promoteAfterWithdrawal,
  type SelectionConstraints,
  type SelectionReason,
  type SelectionResult,
  selectApplicants,
  verifySelection,
} from './selection.js';

type Db = Kysely<Database>;

/** Quantities are numeric(16,3): the algorithm counts thousandths, in whole numbers. */
const MILLI = 1000;
const toMilli = (value: number | null): number => Math.round(Number(value ?? 0) * MILLI);

interface StoredShare {
  code: string;
  minShare: number;
  rule: Rule;
}

/**
 * Locks the programme row, then the call row. Every writer of benefits takes the programme first
 * (grants, cancellations, selections, withdrawals), so they queue in one order and cannot deadlock.
 */
async function lockCall(trx: Transaction<Database>, callId: string) {
  const found = await trx
    .selectFrom('calls')
    .select('programme_id')
    .where('id', '=', callId)
    .executeTakeFirst();
  if (!found) throw notFound('Call', callId);
  const programme = await benefitsRepo.lockProgramme(trx, found.programme_id);
  if (!programme) throw notFound('Call', callId);
  const call = await trx
    .selectFrom('calls')
    .selectAll()
    .where('id', '=', callId)
    .forUpdate()
    .executeTakeFirst();
  if (!call) throw notFound('Call', callId);
  return { call, programme };
}

interface ApplicationRow {
  id: string;
  actor_id: string;
  status: string;
  total_score: number | null;
  submitted_at: Date | null;
  requested_centimes: number | null;
  requested_seats: number | null;
  requested_quantity: number | null;
  waitlist_position: number | null;
  rank: number | null;
  province_code: string;
  region_code: string;
  groups: string[];
}

/** The call's applications in the given statuses, each with the reserved-share groups it counts in. */
async function loadApplications(
  trx: Transaction<Database>,
  callId: string,
  statuses: string[],
  shares: StoredShare[],
  asOf: Date,
): Promise<ApplicationRow[]> {
  const flags = shares.map((share, i) => sql`${compileRule(share.rule, asOf)} AS ${sql.ref(`g${i}`)}`);
  const result = await sql<Omit<ApplicationRow, 'groups'> & Record<string, unknown>>`
    SELECT ap.id, ap.actor_id, ap.status, ap.total_score, ap.submitted_at, ap.requested_centimes,
           ap.requested_seats, ap.requested_quantity, ap.waitlist_position, ap.rank,
           a.province_code, a.region_code
           ${flags.length > 0 ? sql`, ${sql.join(flags)}` : sql``}
    FROM applications ap JOIN actors a ON a.id = ap.actor_id
    WHERE ap.call_id = ${callId} AND ap.status IN (${sql.join(statuses.map((s) => sql`${s}`))})
    ORDER BY ap.id`.execute(trx);
  return result.rows.map((row) => ({
    ...row,
    groups: shares.filter((_, i) => row[`g${i}`] === true).map((s) => s.code),
  }));
}

type QuotaRow = { id: string; territory_code: string | null; quantity: number; allocated: number };

/** The quota an applicant draws from: its province's, else its region's, else the national one. */
function quotaFor(row: ApplicationRow, quotas: readonly QuotaRow[]): QuotaRow | null {
  return (
    quotas.find((q) => q.territory_code === row.province_code) ??
    quotas.find((q) => q.territory_code === row.region_code) ??
    quotas.find((q) => q.territory_code === null) ??
    null
  );
}

const toCandidate = (row: ApplicationRow, quotas: readonly QuotaRow[] = []): Candidate => ({
  id: row.id,
  score: Number(row.total_score ?? 0),
  submittedAt: row.submitted_at ? row.submitted_at.getTime() : 0,
  amount: Number(row.requested_centimes ?? 0),
  seats: row.requested_seats ?? 1,
  quantity: toMilli(row.requested_quantity),
  groups: row.groups,
  pool: quotaFor(row, quotas)?.id ?? null,
});

/** The programme's quotas of the call's period, locked (per territory, NULL = national). */
async function periodQuotas(
  trx: Transaction<Database>,
  programmeId: string,
  period: string | null,
): Promise<QuotaRow[]> {
  if (!period) return [];
  const rows = await trx
    .selectFrom('programme_quotas')
    .select(['id', 'territory_code', 'quantity', 'allocated'])
    .where('programme_id', '=', programmeId)
    .where('period', '=', period)
    .orderBy('id')
    .forUpdate()
    .execute();
  return rows.map((r) => ({ ...r, quantity: Number(r.quantity), allocated: Number(r.allocated) }));
}

const poolsOf = (quotas: readonly QuotaRow[], held: ReadonlyMap<string, number> = new Map()) =>
  Object.fromEntries(
    quotas.map((q) => [q.id, toMilli(q.quantity) - toMilli(q.allocated) + (held.get(q.id) ?? 0)]),
  );

/**
 * Shares are stored as fractions (0.4, 0.125); the algorithm takes percents with up to 2 decimals
 * (12.5), which is what a call accepts (at most 4 decimals of a fraction, checked on save).
 */
const sharesOf = (call: { reserved_shares: unknown }): StoredShare[] =>
  (call.reserved_shares as StoredShare[]) ?? [];
const percentOf = (minShare: number): number => Math.min(100, Math.round(minShare * 10_000) / 100);

export interface SelectionOutcome {
  callId: string;
  result: SelectionResult;
}

/**
 * Runs the selection of a closed call. Refuses a call already decided (SELECTION_DONE), still open,
 * or with applications not scored yet (SCORING_INCOMPLETE). Two managers at once: the second waits
 * for the call row and then finds it decided.
 */
export async function runSelection(
  db: Db,
  ctx: Context,
  callId: string,
  now = new Date(),
): Promise<SelectionOutcome> {
  const found = await db
    .selectFrom('calls')
    .select(['id', 'programme_id'])
    .where('id', '=', callId)
    .executeTakeFirst();
  if (!found) throw notFound('Call', callId);
  const owner = await benefitsRepo.findProgramme(db, found.programme_id);
  if (!owner) throw notFound('Call', callId);
  assertManages(ctx.principal, owner.organisation_id, 'its calls');
  return db.transaction().execute(async (trx) => {
    const { call, programme } = await lockCall(trx, callId);
    if (call.status === 'decided')
      throw new AppError('SELECTION_DONE', `The selection of call ${callId} was already made`);
    if (call.status === 'draft' || call.status === 'cancelled')
      throw new AppError('CONFLICT', `Call ${callId} is ${call.status}`);
    if (call.closes_at > now)
      throw new AppError('CALL_STILL_OPEN', `Call ${callId} is still open: select after it closes`);
    const pending = await trx
      .selectFrom('applications')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('call_id', '=', callId)
      .where('status', 'in', ['submitted', 'eligible'])
      .executeTakeFirstOrThrow();
    if (Number(pending.n) > 0)
      throw new AppError(
        'SCORING_INCOMPLETE',
        `${pending.n} applications of call ${callId} are not scored yet`,
      );
    const shares = sharesOf(call);
    const rows = await loadApplications(trx, callId, ['scored'], shares, now);
    const material = programme.kind === 'raw_material';
    const quotas = material ? await periodQuotas(trx, programme.id, call.quota_period) : [];
    if (material && quotas.length === 0)
      throw new AppError('UNPROCESSABLE', `No quota for period ${call.quota_period} to draw from`, {
        errors: [{ pointer: '/quotaPeriod', detail: 'the programme has no quota for this period' }],
      });
    const constraints: SelectionConstraints = {
      budget:
        call.budget_centimes === null ? null : Number(call.budget_centimes) - Number(call.allocated_centimes),
      seats: call.capacity === null ? null : call.capacity - call.allocated_seats,
      quota: null,
      pools: material ? poolsOf(quotas) : null,
      maxSelected: null,
      reservedShares: shares.map((s) => ({ group: s.code, minPercent: percentOf(s.minShare) })),
    };
    const candidates = rows.map((row) => toCandidate(row, quotas));
    const result = selectApplicants(candidates, constraints);
    const problems = verifySelection(candidates, constraints, result);
    if (problems.length > 0) throw new AppError('INTERNAL', `selection check failed: ${problems.join('; ')}`);
    await storeStatuses(trx, result, now);
    await notify(trx, callId, [
      ...result.selected.map((p) => ({ id: p.id, kind: 'application.selected' })),
      ...result.waitlisted.map((p, i) => ({ id: p.id, kind: 'application.waitlisted', position: i + 1 })),
      ...result.rejected.map((p) => ({ id: p.id, kind: 'application.rejected' })),
    ]);
    const byId = new Map(rows.map((r) => [r.id, r]));
    await allocateBenefits(
      trx,
      ctx,
      programme.id,
      result.selected.map((placed) =>
        allocationOf(byId.get(placed.id) as ApplicationRow, programme.id, callId, material, quotas),
      ),
    );
    await trx
      .updateTable('calls')
      .set({ status: 'decided', version: call.version + 1, updated_at: now })
      .where('id', '=', callId)
      .execute();
    await recordAudit(trx, ctx, {
      action: 'call.selection_made',
      entityType: 'call',
      entityId: callId,
      before: { status: call.status },
      after: { status: 'decided', ...auditOutcome(result) },
    });
    return { callId, result };
  });
}

function auditOutcome(result: SelectionResult) {
  const compact = (list: Placed[]) => list.map((p) => [p.id, p.rank, p.reason]);
  return {
    totals: result.totals,
    shares: result.shares,
    selected: compact(result.selected),
    waitlisted: compact(result.waitlisted),
    rejected: compact(result.rejected),
  };
}

/**
 * In-app notifications to each applicant's organisation (actors without one have no users to tell),
 * in the same transaction as the decision. Kinds: application.selected / waitlisted / rejected /
 * promoted / withdrawn; the web translates them.
 */
async function notify(
  trx: Transaction<Database>,
  callId: string,
  items: { id: string; kind: string; position?: number | null }[],
): Promise<void> {
  if (items.length === 0) return;
  await sql`
    INSERT INTO notifications (organisation_id, kind, application_id, payload)
    SELECT a.organisation_id, v.kind, ap.id,
           jsonb_build_object('callId', ${callId}::text, 'callReference', c.reference, 'waitlistPosition', v.position)
    FROM jsonb_to_recordset(${JSON.stringify(items)}::jsonb) AS v(id uuid, kind text, position int)
    JOIN applications ap ON ap.id = v.id
    JOIN calls c ON c.id = ap.call_id
    JOIN actors a ON a.id = ap.actor_id
    WHERE a.organisation_id IS NOT NULL`.execute(trx);
}

/** Writes every status, rank and waiting-list position in one statement. */
async function storeStatuses(trx: Transaction<Database>, result: SelectionResult, now: Date): Promise<void> {
  const rows = [
    ...result.selected.map((p) => ({ id: p.id, status: 'selected', rank: p.rank, pos: null })),
    ...result.waitlisted.map((p, i) => ({ id: p.id, status: 'waitlisted', rank: p.rank, pos: i + 1 })),
    ...result.rejected
      .filter((p) => p.reason.kind !== 'withdrawn')
      .map((p) => ({ id: p.id, status: 'rejected', rank: p.rank, pos: null })),
  ];
  if (rows.length === 0) return;
  await sql`
    UPDATE applications ap
    SET status = v.status, rank = v.rank, waitlist_position = v.pos, decided_at = ${now.toISOString()}::timestamptz,
        version = ap.version + 1, updated_at = now()
    FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS v(id uuid, status text, rank int, pos int)
    WHERE ap.id = v.id`.execute(trx);
}

/**
 * A selected applicant withdraws: its benefit is withdrawn (what it held goes back), and the waiting
 * list moves up in order, each promoted applicant receiving its benefit under the same limits.
 */
export async function withdrawApplication(
  db: Db,
  ctx: Context,
  applicationId: string,
  now = new Date(),
): Promise<{ promoted: string[]; result: SelectionResult }> {
  const application = await db
    .selectFrom('applications')
    .select(['id', 'call_id'])
    .where('id', '=', applicationId)
    .executeTakeFirst();
  if (!application) throw notFound('Application', applicationId);
  const call0 = await db
    .selectFrom('calls')
    .select('programme_id')
    .where('id', '=', application.call_id)
    .executeTakeFirstOrThrow();
  const owner = await benefitsRepo.findProgramme(db, call0.programme_id);
  if (!owner) throw notFound('Application', applicationId);
  assertManages(ctx.principal, owner.organisation_id, 'its applications');
  return db
    .transaction()
    .execute((trx) => withdrawSelectedIn(trx, ctx, applicationId, application.call_id, now));
}

/**
 * The withdrawal of a selected applicant inside the caller's transaction: the manager's route above
 * and the applicant's own withdrawal (applications.withdrawal.ts) share it, so the waiting list
 * moves up the same way whoever records it. The caller has checked who may act.
 */
export async function withdrawSelectedIn(
  trx: Transaction<Database>,
  ctx: Context,
  applicationId: string,
  callId: string,
  now: Date,
): Promise<{ promoted: string[]; result: SelectionResult }> {
  const { call, programme } = await lockCall(trx, callId);
  const current = await trx
    .selectFrom('applications')
    .select(['status'])
    .where('id', '=', applicationId)
    .forUpdate()
    .executeTakeFirstOrThrow();
  if (current.status !== 'selected')
    throw new AppError('NOT_SELECTED', `Application ${applicationId} is ${current.status}, not selected`);
  // The live one: an earlier benefit cancelled and replaced stays cancelled.
  const benefit = await benefitsRepo.findLiveBenefit(trx, applicationId);
  if (benefit?.status === 'delivered')
    throw new AppError('CONFLICT', `Application ${applicationId} has already received its benefit`);
  if (benefit && benefit.status === 'granted') await releaseBenefit(trx, ctx, benefit.id, 'withdrawn', null);
  const shares = sharesOf(call);
  const rows = await loadApplications(trx, call.id, ['selected', 'waitlisted'], shares, now);
  const material = programme.kind === 'raw_material';
  const quotas = material ? await periodQuotas(trx, programme.id, call.quota_period) : [];
  const candidates = rows.map((row) => toCandidate(row, quotas));
  const selectedRows = rows.filter((r) => r.status === 'selected');
  const staying = candidates.filter((c) => c.id !== applicationId && selectedRows.some((r) => r.id === c.id));
  const held = (field: 'amount' | 'seats') => staying.reduce((sum, c) => sum + c[field], 0);
  const heldByPool = new Map<string, number>();
  for (const c of staying) if (c.pool) heldByPool.set(c.pool, (heldByPool.get(c.pool) ?? 0) + c.quantity);
  // Room = what is left now (after the release) + what the still-selected hold.
  const constraints: SelectionConstraints = {
    budget:
      call.budget_centimes === null
        ? null
        : Number(call.budget_centimes) - Number((await callAllocated(trx, call.id)).amount) + held('amount'),
    seats:
      call.capacity === null
        ? null
        : call.capacity - (await callAllocated(trx, call.id)).seats + held('seats'),
    quota: null,
    pools: material ? poolsOf(quotas, heldByPool) : null,
    maxSelected: null,
    reservedShares: shares.map((s) => ({ group: s.code, minPercent: percentOf(s.minShare) })),
  };
  const rankOf = (r: ApplicationRow) => r.rank ?? 0;
  const place = (r: ApplicationRow): Placed => ({ id: r.id, rank: rankOf(r), reason: { kind: 'rank' } });
  const state = {
    selected: selectedRows.map(place),
    waitlisted: rows
      .filter((r) => r.status === 'waitlisted')
      .sort((a, b) => (a.waitlist_position ?? 0) - (b.waitlist_position ?? 0))
      .map(place),
    rejected: [],
  };
  const { result, promoted } = promoteAfterWithdrawal(candidates, constraints, state, applicationId);
  const byId = new Map(rows.map((r) => [r.id, r]));
  await allocateBenefits(
    trx,
    ctx,
    programme.id,
    promoted.map((id) =>
      allocationOf(byId.get(id) as ApplicationRow, programme.id, call.id, material, quotas),
    ),
  );
  await trx
    .updateTable('applications')
    .set({ status: 'withdrawn', waitlist_position: null, updated_at: now, version: sql`version + 1` })
    .where('id', '=', applicationId)
    .execute();
  await storeStatuses(trx, { ...result, rejected: [] }, now);
  await notify(trx, call.id, [
    { id: applicationId, kind: 'application.withdrawn' },
    ...promoted.map((id) => ({ id, kind: 'application.promoted' })),
  ]);
  await recordAudit(trx, ctx, {
    action: 'application.withdrawn',
    entityType: 'application',
    entityId: applicationId,
    before: { status: 'selected' },
    after: { status: 'withdrawn', promoted, shares: result.shares },
  });
  return { promoted, result };
}

/** What a selected or promoted applicant receives: what it asked, from its territory's quota. */
function allocationOf(
  row: ApplicationRow,
  programmeId: string,
  callId: string,
  material: boolean,
  quotas: readonly QuotaRow[],
): Allocation {
  return {
    programmeId,
    callId,
    applicationId: row.id,
    actorId: row.actor_id,
    amountCentimes: row.requested_centimes === null ? null : Number(row.requested_centimes),
    seats: row.requested_seats ?? 1,
    ...materialOf(row, material, quotas),
  };
}

/** The quantity and the quota it comes from, for a raw-material benefit. */
function materialOf(row: ApplicationRow, material: boolean, quotas: readonly QuotaRow[]) {
  if (!material || row.requested_quantity === null) return { quantity: null, quotaId: null };
  return { quantity: Number(row.requested_quantity), quotaId: quotaFor(row, quotas)?.id ?? null };
}

async function callAllocated(trx: Transaction<Database>, callId: string) {
  const row = await trx
    .selectFrom('calls')
    .select(['allocated_centimes', 'allocated_seats'])
    .where('id', '=', callId)
    .executeTakeFirstOrThrow();
  return { amount: Number(row.allocated_centimes), seats: row.allocated_seats };
}

export interface StoredSelection {
  callId: string;
  status: string;
  allocatedCentimes: number;
  allocatedSeats: number;
  applications: {
    id: string;
    actorId: string;
    status: string;
    rank: number | null;
    waitlistPosition: number | null;
    totalScore: number | null;
    /** Why it is where it is (as the selection said, or promoted / withdrawn since); null before. */
    reason: SelectionReason | null;
  }[];
  /** The reserved shares as they stood after the selection or the last withdrawal. */
  shares: SelectionResult['shares'];
}

type CompactPlaced = [string, number, SelectionReason];

/**
 * The reasons of a stored selection. They are not columns of `applications`: the selection writes
 * them whole into its audit entry (`call.selection_made`), and each withdrawal its promotions
 * (`application.withdrawn`); the audit trail is append-only, so reading them back gives exactly
 * what was decided, with no second copy to keep in step.
 */
async function storedReasons(db: Db, callId: string, applicationIds: string[]) {
  const reasons = new Map<string, SelectionReason>();
  let shares: SelectionResult['shares'] = [];
  const made = await db
    .selectFrom('audit_log')
    .select('after')
    .where('entity_type', '=', 'call')
    .where('entity_id', '=', callId)
    .where('action', '=', 'call.selection_made')
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  const outcome = (made?.after ?? null) as {
    shares?: SelectionResult['shares'];
    selected?: CompactPlaced[];
    waitlisted?: CompactPlaced[];
    rejected?: CompactPlaced[];
  } | null;
  if (!outcome) return { reasons, shares };
  shares = outcome.shares ?? [];
  for (const list of [outcome.selected, outcome.waitlisted, outcome.rejected])
    for (const [id, , reason] of list ?? []) reasons.set(id, reason);
  if (applicationIds.length === 0) return { reasons, shares };
  const withdrawals = await db
    .selectFrom('audit_log')
    .select(['entity_id', 'after'])
    .where('entity_type', '=', 'application')
    .where('action', '=', 'application.withdrawn')
    .where('entity_id', 'in', applicationIds)
    .orderBy('seq')
    .execute();
  for (const row of withdrawals) {
    const after = (row.after ?? {}) as { promoted?: string[]; shares?: SelectionResult['shares'] };
    reasons.set(row.entity_id, { kind: 'withdrawn' });
    for (const id of after.promoted ?? []) reasons.set(id, { kind: 'promoted', after: row.entity_id });
    if (after.shares) shares = after.shares;
  }
  return { reasons, shares };
}

/** The stored outcome of a call's selection: each decided application in rank order. */
export async function getSelection(db: Db, ctx: Context, callId: string): Promise<StoredSelection> {
  const call = await db.selectFrom('calls').selectAll().where('id', '=', callId).executeTakeFirst();
  if (!call) throw notFound('Call', callId);
  const owner = await benefitsRepo.findProgramme(db, call.programme_id);
  if (!owner) throw notFound('Call', callId);
  assertManages(ctx.principal, owner.organisation_id, 'its calls');
  const rows = await db
    .selectFrom('applications')
    .select(['id', 'actor_id', 'status', 'rank', 'waitlist_position', 'total_score'])
    .where('call_id', '=', callId)
    .where('status', 'in', ['selected', 'waitlisted', 'rejected', 'withdrawn', 'appealed', 'final'])
    .orderBy(sql`rank NULLS LAST`)
    .orderBy('id')
    .execute();
  const withdrawn = rows.filter((r) => r.status === 'withdrawn').map((r) => r.id);
  const { reasons, shares } = await storedReasons(db, callId, withdrawn);
  return {
    callId,
    status: call.status,
    allocatedCentimes: Number(call.allocated_centimes),
    allocatedSeats: call.allocated_seats,
    applications: rows.map((r) => ({
      id: r.id,
      actorId: r.actor_id,
      status: r.status,
      rank: r.rank,
      waitlistPosition: r.waitlist_position,
      totalScore: r.total_score === null ? null : Number(r.total_score),
      reason: reasons.get(r.id) ?? null,
    })),
    shares,
  };
}
