/**
 * What each beneficiary receives (amount, seats, quantity of material), its disbursements and
 * deliveries, and follow-up visits. Every grant goes through `allocateBenefit`, which draws on the
 * programme's budget, the call's budget and seats and the quota inside the caller's transaction and
 * refuses (409, nothing written) anything that would pass a limit, even when two managers allocate
 * at the same moment (see benefits.repository.ts for how).
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database, MaterialUnit } from '../../db/database.js';
import { AppError, type FieldError, notFound } from '../../shared/errors.js';
import type { Context, Principal } from '../../shared/principal.js';
import { recordAudit, recordAuditMany } from '../audit/audit.service.js';
import * as repo from './benefits.repository.js';

type Db = Kysely<Database>;

const WHOLE_UNITS = new Set(['unit', 'bundle']);

/** A programme is managed by an administrator or by the partner organisation that runs it. */
export function assertManages(principal: Principal, organisationId: string, what: string): void {
  if (principal.role === 'admin') return;
  if (principal.role === 'partner' && principal.organisationId === organisationId) return;
  throw new AppError('FORBIDDEN', `Only the organisation that runs the programme may manage ${what}`);
}

export interface BenefitInput {
  applicationId?: string | null;
  actorId?: string | null;
  amountCentimes?: number | null;
  seats?: number | null;
  quantity?: number | null;
  quotaId?: string | null;
  note?: string | null;
}

const unprocessable = (errors: FieldError[]): AppError =>
  new AppError('UNPROCESSABLE', errors.map((e) => `${e.pointer}: ${e.detail}`).join('; '), { errors });

/** Quantities: >= 0, at most 3 decimals, whole for units counted in pieces. */
export function checkQuantity(quantity: number, unit: string | null, pointer: string): FieldError | null {
  if (!Number.isFinite(quantity) || quantity < 0) return { pointer, detail: 'must be a number >= 0' };
  if (unit && WHOLE_UNITS.has(unit) && !Number.isInteger(quantity))
    return { pointer, detail: `must be a whole number of ${unit}s` };
  if (Math.abs(Math.round(quantity * 1000) - quantity * 1000) > 1e-6)
    return { pointer, detail: 'at most 3 decimals' };
  return null;
}

export interface Allocation {
  programmeId: string;
  callId: string | null;
  applicationId: string | null;
  actorId: string;
  amountCentimes: number | null;
  seats: number | null;
  quantity: number | null;
  quotaId: string | null;
  note?: string | null;
}

/**
 * Inside the caller's transaction: checks and draws every limit, inserts the benefit and its audit
 * entry. The programme row is locked first, so allocations of one programme run one at a time.
 * Throws BUDGET_EXCEEDED / CAPACITY_EXCEEDED / QUOTA_EXCEEDED (409) and leaves the transaction to
 * roll back: nothing partial is ever kept.
 */
export async function allocateBenefit(trx: Transaction<Database>, ctx: Context, a: Allocation) {
  const [benefit] = await allocateBenefits(trx, ctx, a.programmeId, [a]);
  if (!benefit) throw new AppError('INTERNAL', 'no benefit inserted');
  return benefit;
}

/**
 * The same for many benefits of one programme at once (a call's selection): one lock, one
 * conditional UPDATE per call and per quota with the totals, one insert, one audit batch. All or
 * nothing: the first limit that would be passed throws and the caller's transaction rolls back.
 */
export async function allocateBenefits(
  trx: Transaction<Database>,
  ctx: Context,
  programmeId: string,
  list: readonly Allocation[],
) {
  const programme = await repo.lockProgramme(trx, programmeId);
  if (!programme) throw notFound('Programme', programmeId);
  if (list.length === 0) return [];
  const amount = list.reduce((sum, a) => sum + (a.amountCentimes ?? 0), 0);
  if (programme.budget_centimes !== null && programme.granted_centimes + amount > programme.budget_centimes)
    throw new AppError(
      'BUDGET_EXCEEDED',
      `The programme's budget would be passed: ${programme.granted_centimes} of ${programme.budget_centimes} centimes granted, ${amount} more asked`,
      {
        errors: [{ pointer: '/body/amountCentimes', detail: 'exceeds what is left of the programme budget' }],
      },
    );
  const byCall = new Map<string, { amount: number; seats: number }>();
  const byQuota = new Map<string, number>();
  for (const a of list) {
    if (a.programmeId !== programmeId) throw new AppError('INTERNAL', 'allocations of several programmes');
    if (a.callId) {
      const total = byCall.get(a.callId) ?? { amount: 0, seats: 0 };
      total.amount += a.amountCentimes ?? 0;
      total.seats += a.seats ?? 0;
      byCall.set(a.callId, total);
    }
    if (a.quantity !== null && a.quantity > 0) {
      if (!a.quotaId)
        throw unprocessable([
          { pointer: '/body/quotaId', detail: 'a quantity needs the quota it is drawn from' },
        ]);
      byQuota.set(a.quotaId, (byQuota.get(a.quotaId) ?? 0) + a.quantity);
    }
  }
  for (const [callId, total] of byCall)
    if (!(await repo.drawCall(trx, callId, total.amount, total.seats)))
      throw new AppError('CAPACITY_EXCEEDED', `The call's budget or capacity would be passed`, {
        errors: [{ pointer: '/body', detail: "exceeds what is left of the call's budget or seats" }],
      });
  for (const [quotaId, quantity] of byQuota) {
    const quota = await repo.findQuota(trx, quotaId);
    if (!quota || quota.programme_id !== programmeId) throw notFound('Quota', quotaId);
    // Rounded to the column's thousandths, as the database stores it.
    const asked = Math.round(quantity * 1000) / 1000;
    if (!(await repo.drawQuota(trx, quotaId, asked)))
      throw new AppError(
        'QUOTA_EXCEEDED',
        `The quota would be passed: ${quota.allocated} of ${quota.quantity} ${quota.unit} allocated, ${asked} more asked`,
        { errors: [{ pointer: '/body/quantity', detail: 'exceeds what is left of the quota' }] },
      );
  }
  const rows = list.map((a) => ({
    programme_id: programmeId,
    call_id: a.callId,
    application_id: a.applicationId,
    actor_id: a.actorId,
    amount_centimes: a.amountCentimes,
    seats: a.seats,
    quantity: a.quantity,
    unit: a.quantity === null ? null : (programme.unit as MaterialUnit | null),
    quota_id: a.quantity === null ? null : a.quotaId,
    granted_by_label: ctx.principal.label,
    status_note: a.note ?? null,
  }));
  const benefits = [];
  for (let at = 0; at < rows.length; at += 1000)
    benefits.push(
      ...(await trx
        .insertInto('benefits')
        .values(rows.slice(at, at + 1000))
        .returningAll()
        .execute()),
    );
  await recordAuditMany(
    trx,
    ctx,
    benefits.map((benefit) => ({
      action: 'benefit.granted',
      entityType: 'benefit',
      entityId: benefit.id,
      after: benefit,
    })),
  );
  return benefits;
}

/** Gives back what a benefit held (call budget and seats, quota) and marks it withdrawn or cancelled. */
export async function releaseBenefit(
  trx: Transaction<Database>,
  ctx: Context,
  benefitId: string,
  status: 'withdrawn' | 'cancelled',
  note: string | null,
) {
  const before = await repo.lockBenefit(trx, benefitId);
  if (!before) throw notFound('Benefit', benefitId);
  if (before.status === 'withdrawn' || before.status === 'cancelled')
    throw new AppError('CONFLICT', `Benefit ${benefitId} is already ${before.status}`);
  if (before.call_id)
    await repo.releaseCall(trx, before.call_id, before.amount_centimes ?? 0, before.seats ?? 0);
  if (before.quota_id && before.quantity) await repo.releaseQuota(trx, before.quota_id, before.quantity);
  const after = await trx
    .updateTable('benefits')
    .set({ status, status_note: note, version: before.version + 1, updated_at: new Date() })
    .where('id', '=', benefitId)
    .returningAll()
    .executeTakeFirstOrThrow();
  await recordAudit(trx, ctx, {
    action: `benefit.${status}`,
    entityType: 'benefit',
    entityId: benefitId,
    before,
    after,
  });
  return after;
}

/**
 * Grants a benefit directly (outside a call's selection, or for a selected application): checks the
 * input, then allocates in one transaction. A selected application whose benefit was cancelled may
 * receive a new one (drawn again under every limit); one with a live benefit: 409 BENEFIT_EXISTS.
 */
export async function grantBenefit(db: Db, ctx: Context, programmeId: string, input: BenefitInput) {
  const programme = await repo.findProgramme(db, programmeId);
  if (!programme) throw notFound('Programme', programmeId);
  assertManages(ctx.principal, programme.organisation_id, 'its benefits');
  const errors: FieldError[] = [];
  if (input.quantity !== undefined && input.quantity !== null) {
    const bad = checkQuantity(input.quantity, programme.unit, '/body/quantity');
    if (bad) errors.push(bad);
    if (!programme.unit)
      errors.push({ pointer: '/body/quantity', detail: 'this programme hands out no material' });
  }
  if (
    (input.amountCentimes ?? null) === null &&
    (input.seats ?? null) === null &&
    (input.quantity ?? null) === null
  )
    errors.push({ pointer: '/body', detail: 'give an amount, seats or a quantity' });
  let actorId = input.actorId ?? null;
  let callId: string | null = null;
  if (input.applicationId) {
    const application = await db
      .selectFrom('applications')
      .innerJoin('calls', 'calls.id', 'applications.call_id')
      .select(['applications.actor_id', 'applications.status', 'calls.id as call_id', 'calls.programme_id'])
      .where('applications.id', '=', input.applicationId)
      .executeTakeFirst();
    if (!application || application.programme_id !== programmeId)
      errors.push({ pointer: '/body/applicationId', detail: 'no application to a call of this programme' });
    else if (application.status !== 'selected')
      errors.push({
        pointer: '/body/applicationId',
        detail: `the application is ${application.status}, not selected`,
      });
    else {
      if (actorId && actorId !== application.actor_id)
        errors.push({ pointer: '/body/actorId', detail: 'is not the applicant' });
      actorId = application.actor_id;
      callId = application.call_id;
    }
  }
  if (!actorId && !input.applicationId) errors.push({ pointer: '/body/actorId', detail: 'is required' });
  if (errors.length > 0) throw unprocessable(errors);
  try {
    return await db.transaction().execute(async (trx) => {
      // The programme first (as every writer of benefits), then: one live benefit per application.
      // A cancelled one may be replaced; the partial unique index of 0014 backs this check.
      await repo.lockProgramme(trx, programmeId);
      if (input.applicationId && (await repo.findLiveBenefit(trx, input.applicationId)))
        throw new AppError('BENEFIT_EXISTS', `Application ${input.applicationId} already has its benefit`);
      return allocateBenefit(trx, ctx, {
        programmeId,
        callId,
        applicationId: input.applicationId ?? null,
        actorId: actorId as string,
        amountCentimes: input.amountCentimes ?? null,
        seats: input.seats ?? null,
        quantity: input.quantity ?? null,
        quotaId: input.quotaId ?? null,
        note: input.note ?? null,
      });
    });
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === '23505')
      throw new AppError('BENEFIT_EXISTS', `Application ${input.applicationId} already has its benefit`);
    if (code === '23503') throw unprocessable([{ pointer: '/body/actorId', detail: 'no such actor' }]);
    throw error;
  }
}

async function managedBenefit(db: Db, ctx: Context, benefitId: string) {
  const benefit = await repo.findBenefit(db, benefitId);
  if (!benefit) throw notFound('Benefit', benefitId);
  const programme = await repo.findProgramme(db, benefit.programme_id);
  if (!programme) throw notFound('Benefit', benefitId);
  assertManages(ctx.principal, programme.organisation_id, 'its benefits');
  return benefit;
}

/** A benefit row with its beneficiary's name, as the routes answer it. */
export async function withActorName<T extends { actor_id: string }>(db: Db, row: T) {
  return { ...row, actor_name: await repo.actorName(db, row.actor_id) };
}

/** Cancels a benefit and gives back what it held. */
export async function cancelBenefit(db: Db, ctx: Context, benefitId: string, note: string | null) {
  const benefit = await managedBenefit(db, ctx, benefitId);
  return db.transaction().execute(async (trx) => {
    // The programme first, as every other writer of benefits does (no deadlock).
    await repo.lockProgramme(trx, benefit.programme_id);
    return releaseBenefit(trx, ctx, benefitId, 'cancelled', note);
  });
}

export interface DeliveryInput {
  kind: 'disbursement' | 'delivery' | 'attendance' | 'completion';
  deliveredOn: string;
  amountCentimes?: number | null;
  quantity?: number | null;
  note?: string | null;
}

/**
 * Records a disbursement, a delivery, an attendance or a completion. Disbursed money and delivered
 * quantity never pass what the benefit granted (the benefit row is locked while checking); when
 * both are reached the benefit becomes `delivered`.
 */
export async function recordDelivery(db: Db, ctx: Context, benefitId: string, input: DeliveryInput) {
  const found = await managedBenefit(db, ctx, benefitId);
  const errors: FieldError[] = [];
  if (input.kind === 'disbursement' && !input.amountCentimes)
    errors.push({ pointer: '/body/amountCentimes', detail: 'a disbursement needs an amount > 0' });
  if (input.quantity !== undefined && input.quantity !== null) {
    const bad = checkQuantity(input.quantity, found.unit, '/body/quantity');
    if (bad) errors.push(bad);
    else if (input.quantity === 0) errors.push({ pointer: '/body/quantity', detail: 'must be > 0' });
  }
  if (input.kind === 'delivery' && !input.quantity && !input.note)
    errors.push({ pointer: '/body/quantity', detail: 'a delivery needs a quantity or a note' });
  if (errors.length > 0) throw unprocessable(errors);
  return db.transaction().execute(async (trx) => {
    const benefit = await repo.lockBenefit(trx, benefitId);
    if (!benefit) throw notFound('Benefit', benefitId);
    if (benefit.status === 'withdrawn' || benefit.status === 'cancelled')
      throw new AppError('CONFLICT', `Benefit ${benefitId} is ${benefit.status}`);
    const done = await repo.deliveredTotals(trx, benefitId);
    const amount = input.kind === 'disbursement' ? (input.amountCentimes ?? 0) : 0;
    const quantity = input.kind === 'delivery' ? (input.quantity ?? 0) : 0;
    if (amount > 0 && done.amount + amount > (benefit.amount_centimes ?? 0))
      throw new AppError(
        'DELIVERY_EXCEEDED',
        `Disbursing ${amount} would pass the ${benefit.amount_centimes ?? 0} centimes granted (${done.amount} disbursed)`,
        { errors: [{ pointer: '/body/amountCentimes', detail: 'more than what is left to disburse' }] },
      );
    if (quantity > 0 && done.quantity + quantity > (benefit.quantity ?? 0) + 1e-9)
      throw new AppError(
        'DELIVERY_EXCEEDED',
        `Delivering ${quantity} would pass the ${benefit.quantity ?? 0} granted (${done.quantity} delivered)`,
        { errors: [{ pointer: '/body/quantity', detail: 'more than what is left to deliver' }] },
      );
    const delivery = await trx
      .insertInto('benefit_deliveries')
      .values({
        benefit_id: benefitId,
        kind: input.kind,
        delivered_on: input.deliveredOn,
        amount_centimes: input.kind === 'disbursement' ? amount : (input.amountCentimes ?? null),
        quantity: input.quantity ?? null,
        note: input.note ?? null,
        recorded_by_label: ctx.principal.label,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const moneyDone = (benefit.amount_centimes ?? 0) <= done.amount + amount;
    const materialDone = (benefit.quantity ?? 0) <= done.quantity + quantity + 1e-9;
    if (benefit.status === 'granted' && moneyDone && materialDone && (amount > 0 || quantity > 0))
      await trx
        .updateTable('benefits')
        .set({ status: 'delivered', version: benefit.version + 1, updated_at: new Date() })
        .where('id', '=', benefitId)
        .execute();
    await recordAudit(trx, ctx, {
      action: 'benefit.delivery_recorded',
      entityType: 'benefit',
      entityId: benefitId,
      after: delivery,
    });
    return delivery;
  });
}

/** A follow-up visit with its notes. */
export async function recordVisit(
  db: Db,
  ctx: Context,
  benefitId: string,
  input: { visitedOn: string; notes: string },
) {
  await managedBenefit(db, ctx, benefitId);
  return db.transaction().execute(async (trx) => {
    const visit = await trx
      .insertInto('follow_up_visits')
      .values({
        benefit_id: benefitId,
        visited_on: input.visitedOn,
        visitor_id: ctx.principal.userId,
        visitor_label: ctx.principal.label,
        notes: input.notes,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, ctx, {
      action: 'benefit.visit_recorded',
      entityType: 'benefit',
      entityId: benefitId,
      after: visit,
    });
    return visit;
  });
}

/** A benefit with its deliveries and visits. */
export async function getBenefit(db: Db, ctx: Context, benefitId: string) {
  const benefit = await managedBenefit(db, ctx, benefitId);
  const [deliveries, visits, actorName] = await Promise.all([
    repo.listDeliveries(db, benefitId),
    repo.listVisits(db, benefitId),
    repo.actorName(db, benefit.actor_id),
  ]);
  return { benefit: { ...benefit, actor_name: actorName }, deliveries, visits };
}

/** A programme's benefits (those of one call when `callId` is given), with the beneficiary's name. */
export async function listProgrammeBenefits(
  db: Db,
  ctx: Context,
  programmeId: string,
  callId: string | null = null,
) {
  const programme = await repo.findProgramme(db, programmeId);
  if (!programme) throw notFound('Programme', programmeId);
  assertManages(ctx.principal, programme.organisation_id, 'its benefits');
  return repo.listBenefits(db, programmeId, callId);
}
