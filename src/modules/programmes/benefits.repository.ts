/**
 * Queries for benefits and the limits they draw on. The allocations are written so that no limit
 * can ever be passed, whatever runs at the same moment:
 * - a programme's budget: the programme row is locked (SELECT ... FOR UPDATE) before its benefits
 *   are summed, so allocations of one programme queue one behind the other;
 * - a call's budget and seats and a quota's quantity: one conditional UPDATE each
 *   (`SET allocated = allocated + $x WHERE allocated + $x <= limit RETURNING`), which either takes
 *   the whole amount or changes nothing; the table CHECKs (allocated <= limit) stand behind them.
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from '../../db/database.js';

type Db = Kysely<Database> | Transaction<Database>;

export interface ProgrammeLock {
  id: string;
  organisation_id: string;
  kind: string;
  unit: string | null;
  budget_centimes: number | null;
  granted_centimes: number;
}

/** Locks the programme row and sums what its live benefits hold. */
export async function lockProgramme(trx: Transaction<Database>, id: string): Promise<ProgrammeLock | null> {
  const programme = await trx
    .selectFrom('programmes')
    .select(['id', 'organisation_id', 'kind', 'unit', 'budget_centimes'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!programme) return null;
  const granted = await trx
    .selectFrom('benefits')
    .select(sql<number>`coalesce(sum(amount_centimes), 0)::bigint`.as('total'))
    .where('programme_id', '=', id)
    .where('status', 'in', ['granted', 'delivered'])
    .executeTakeFirstOrThrow();
  return { ...programme, granted_centimes: Number(granted.total) };
}

export async function findProgramme(db: Db, id: string) {
  return (
    (await db
      .selectFrom('programmes')
      .select(['id', 'organisation_id', 'kind', 'unit', 'budget_centimes'])
      .where('id', '=', id)
      .executeTakeFirst()) ?? null
  );
}

/** Takes `quantity` from the quota, or nothing (null) when it would pass the quota. */
export async function drawQuota(
  trx: Transaction<Database>,
  quotaId: string,
  quantity: number,
): Promise<{ id: string } | null> {
  const row = await trx
    .updateTable('programme_quotas')
    .set({
      allocated: sql`allocated + ${quantity}::numeric`,
      version: sql`version + 1`,
      updated_at: sql`now()`,
    })
    .where('id', '=', quotaId)
    .where(sql<boolean>`allocated + ${quantity}::numeric <= quantity`)
    .returning('id')
    .executeTakeFirst();
  return row ?? null;
}

/** Gives `quantity` back to the quota (a withdrawn or cancelled benefit). */
export async function releaseQuota(
  trx: Transaction<Database>,
  quotaId: string,
  quantity: number,
): Promise<void> {
  await trx
    .updateTable('programme_quotas')
    .set({
      allocated: sql`greatest(allocated - ${quantity}::numeric, 0)`,
      version: sql`version + 1`,
      updated_at: sql`now()`,
    })
    .where('id', '=', quotaId)
    .execute();
}

/** Takes amount and seats from the call, or nothing (null) when either would pass its limit. */
export async function drawCall(
  trx: Transaction<Database>,
  callId: string,
  amount: number,
  seats: number,
): Promise<{ id: string } | null> {
  const row = await trx
    .updateTable('calls')
    .set({
      allocated_centimes: sql`allocated_centimes + ${amount}::bigint`,
      allocated_seats: sql`allocated_seats + ${seats}::int`,
      updated_at: sql`now()`,
    })
    .where('id', '=', callId)
    .where(
      sql<boolean>`(budget_centimes IS NULL OR allocated_centimes + ${amount}::bigint <= budget_centimes)`,
    )
    .where(sql<boolean>`(capacity IS NULL OR allocated_seats + ${seats}::int <= capacity)`)
    .returning('id')
    .executeTakeFirst();
  return row ?? null;
}

export async function releaseCall(
  trx: Transaction<Database>,
  callId: string,
  amount: number,
  seats: number,
): Promise<void> {
  await trx
    .updateTable('calls')
    .set({
      allocated_centimes: sql`greatest(allocated_centimes - ${amount}::bigint, 0)`,
      allocated_seats: sql`greatest(allocated_seats - ${seats}::int, 0)`,
      updated_at: sql`now()`,
    })
    .where('id', '=', callId)
    .execute();
}

export async function findQuota(db: Db, id: string) {
  return (
    (await db.selectFrom('programme_quotas').selectAll().where('id', '=', id).executeTakeFirst()) ?? null
  );
}

export async function findBenefit(db: Db, id: string) {
  return (await db.selectFrom('benefits').selectAll().where('id', '=', id).executeTakeFirst()) ?? null;
}

export async function lockBenefit(trx: Transaction<Database>, id: string) {
  return (
    (await trx.selectFrom('benefits').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()) ?? null
  );
}

/** A programme's benefits (of one call when given), each with its beneficiary's name. */
export async function listBenefits(db: Db, programmeId: string, callId: string | null = null) {
  let query = db
    .selectFrom('benefits')
    .innerJoin('actors', 'actors.id', 'benefits.actor_id')
    .selectAll('benefits')
    .select(sql<string>`coalesce(actors.name_fr, actors.name_ar, '')`.as('actor_name'))
    .where('benefits.programme_id', '=', programmeId);
  if (callId) query = query.where('benefits.call_id', '=', callId);
  return query.orderBy('benefits.granted_at').orderBy('benefits.id').execute();
}

export async function actorName(db: Db, actorId: string): Promise<string> {
  const row = await db
    .selectFrom('actors')
    .select(sql<string>`coalesce(name_fr, name_ar, '')`.as('name'))
    .where('id', '=', actorId)
    .executeTakeFirst();
  return row?.name ?? '';
}

/** The application's benefit that is granted or delivered, if any (a cancelled one does not count). */
export async function findLiveBenefit(db: Db, applicationId: string) {
  return (
    (await db
      .selectFrom('benefits')
      .select(['id', 'status'])
      .where('application_id', '=', applicationId)
      .where('status', 'in', ['granted', 'delivered'])
      .executeTakeFirst()) ?? null
  );
}

export async function listDeliveries(db: Db, benefitId: string) {
  return db
    .selectFrom('benefit_deliveries')
    .selectAll()
    .where('benefit_id', '=', benefitId)
    .orderBy('delivered_on')
    .orderBy('created_at')
    .execute();
}

export async function listVisits(db: Db, benefitId: string) {
  return db
    .selectFrom('follow_up_visits')
    .selectAll()
    .where('benefit_id', '=', benefitId)
    .orderBy('visited_on')
    .orderBy('created_at')
    .execute();
}

export async function deliveredTotals(
  db: Db,
  benefitId: string,
): Promise<{ amount: number; quantity: number }> {
  const row = await db
    .selectFrom('benefit_deliveries')
    .select([
      sql<number>`coalesce(sum(amount_centimes) FILTER (WHERE kind = 'disbursement'), 0)::bigint`.as(
        'amount',
      ),
      sql<number>`coalesce(sum(quantity) FILTER (WHERE kind = 'delivery'), 0)`.as('quantity'),
    ])
    .where('benefit_id', '=', benefitId)
    .executeTakeFirstOrThrow();
  return { amount: Number(row.amount), quantity: Number(row.quantity) };
}
