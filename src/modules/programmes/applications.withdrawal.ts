/**
 * The applicant withdraws its own application (the actor, its territorial agent, or an
 * administrator for it). A selected applicant's withdrawal is the very one a manager records
 * (`withdrawSelectedIn`: its benefit goes back and the waiting list moves up); before the selection
 * the application simply leaves the race, and a waitlisted one leaves the list, the others behind
 * it moving one place up. One transaction, audited and notified.
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/database.js';
import { AppError, notFound } from '../../shared/errors.js';
import type { Context } from '../../shared/principal.js';
import { recordAudit } from '../audit/audit.service.js';
import { actsForApplicant } from './applications.service.js';
import * as benefitsRepo from './benefits.repository.js';
import { findCall, requirePermission } from './programmes.service.js';
import { withdrawSelectedIn } from './selection.service.js';

/** Statuses an applicant may leave; decided outcomes (rejected, final...) and appeals stay. */
export const WITHDRAWABLE: readonly string[] = ['submitted', 'eligible', 'scored', 'waitlisted', 'selected'];

export async function withdrawOwnApplication(
  db: Kysely<Database>,
  ctx: Context,
  id: string,
  now = new Date(),
): Promise<{ applicationId: string; status: 'withdrawn'; promoted: string[] }> {
  requirePermission(ctx, 'applications:submit');
  const found = await db
    .selectFrom('applications')
    .innerJoin('actors', 'actors.id', 'applications.actor_id')
    .select(['applications.call_id', 'actors.organisation_id', 'actors.province_code', 'actors.region_code'])
    .where('applications.id', '=', id)
    .executeTakeFirst();
  if (!found || !actsForApplicant(ctx.principal, found)) throw notFound('Application', id);
  return db.transaction().execute(async (trx) => {
    // Programme, then call, then application: the order selection and benefits lock in, so a
    // withdrawal waits for (and never interleaves with) a selection of the same call.
    const call = await findCall(trx, found.call_id);
    if (!call || !(await benefitsRepo.lockProgramme(trx, call.programme_id)))
      throw notFound('Application', id);
    await findCall(trx, call.id, true);
    const current = await trx
      .selectFrom('applications')
      .select(['status', 'waitlist_position'])
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (!WITHDRAWABLE.includes(current.status))
      throw new AppError('NOT_WITHDRAWABLE', `A ${current.status} application can no longer be withdrawn`);
    if (current.status === 'selected') {
      const { promoted } = await withdrawSelectedIn(trx, ctx, id, call.id, now);
      return { applicationId: id, status: 'withdrawn' as const, promoted };
    }
    await trx
      .updateTable('applications')
      .set({ status: 'withdrawn', waitlist_position: null, updated_at: now, version: sql`version + 1` })
      .where('id', '=', id)
      .execute();
    if (current.status === 'waitlisted' && current.waitlist_position !== null)
      await trx
        .updateTable('applications')
        .set({ waitlist_position: sql`waitlist_position - 1`, version: sql`version + 1`, updated_at: now })
        .where('call_id', '=', call.id)
        .where('status', '=', 'waitlisted')
        .where('waitlist_position', '>', current.waitlist_position)
        .execute();
    if (found.organisation_id)
      await trx
        .insertInto('notifications')
        .values({
          organisation_id: found.organisation_id,
          kind: 'application.withdrawn',
          application_id: id,
          payload: JSON.stringify({ callId: call.id, callReference: call.reference }),
        })
        .execute();
    await recordAudit(trx, ctx, {
      action: 'application.withdrawn',
      entityType: 'application',
      entityId: id,
      before: { status: current.status, waitlistPosition: current.waitlist_position },
      after: { status: 'withdrawn', promoted: [] },
    });
    return { applicationId: id, status: 'withdrawn' as const, promoted: [] };
  });
}
