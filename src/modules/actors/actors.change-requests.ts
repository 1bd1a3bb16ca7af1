import type { Kysely } from 'kysely';
import type { ActorChangeRequestRow, Database } from '../../db/database.js';
import { AppError, notFound } from '../../shared/errors.js';
import type { Context } from '../../shared/principal.js';
import { recordAudit } from '../audit/audit.service.js';
import * as actorsRepo from './actors.repository.js';
import { ACTOR_FIELDS, type ActorFields, COLUMN_OF } from './actors.schemas.js';
import { assertIdentifiersFree, prepareActor } from './actors.validate.js';

export type ChangeRequestWithNames = ActorChangeRequestRow & {
  actor_name_fr: string | null;
  actor_name_ar: string | null;
};

/** Newest first, with the actor's names so a reviewer sees whose record it is. */
export async function listChangeRequests(
  db: Kysely<Database>,
  status: ActorChangeRequestRow['status'] | null,
): Promise<ChangeRequestWithNames[]> {
  let query = db
    .selectFrom('actor_change_requests')
    .innerJoin('actors', 'actors.id', 'actor_change_requests.actor_id')
    .selectAll('actor_change_requests')
    .select(['actors.name_fr as actor_name_fr', 'actors.name_ar as actor_name_ar'])
    .orderBy('actor_change_requests.requested_at', 'desc')
    .limit(500);
  if (status) query = query.where('actor_change_requests.status', '=', status);
  return query.execute();
}

/**
 * Approves or rejects a pending change to an actor's names or identifiers. Approval re-checks the
 * change against the registry as it is now (an identifier may have been taken since).
 */
export async function decideChangeRequest(
  db: Kysely<Database>,
  ctx: Context,
  id: string,
  decision: { approve: boolean; note: string | null },
): Promise<ActorChangeRequestRow> {
  const request = await db
    .selectFrom('actor_change_requests')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  if (!request) throw notFound('Change request', id);
  if (request.status !== 'pending')
    throw new AppError('CONFLICT', `This change request was already ${request.status}`);
  const actor = await actorsRepo.findActorById(db, request.actor_id);
  if (!actor) throw notFound('Actor', request.actor_id);
  const requested = request.changes as Partial<ActorFields>;
  let columns = null;
  if (decision.approve) {
    const current = Object.fromEntries(
      ACTOR_FIELDS.map((field) => [field, actor[COLUMN_OF[field]]]),
    ) as ActorFields;
    const prepared = await prepareActor(db, { ...current, ...requested }, '/changes');
    await assertIdentifiersFree(db, prepared.columns, actor.id, '/changes');
    columns = prepared.columns;
  }
  return db.transaction().execute(async (trx) => {
    if (columns) {
      const after = await actorsRepo.updateActorRow(trx, actor.id, columns);
      await recordAudit(trx, ctx, {
        action: 'actor.updated',
        entityType: 'actor',
        entityId: actor.id,
        before: actor,
        after,
      });
    }
    const decided = await trx
      .updateTable('actor_change_requests')
      .set({
        status: decision.approve ? 'approved' : 'rejected',
        decided_by_label: ctx.principal.label,
        decided_at: new Date(),
        decision_note: decision.note,
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, ctx, {
      action: decision.approve ? 'actor.change_approved' : 'actor.change_rejected',
      entityType: 'actor',
      entityId: actor.id,
      after: { changeRequestId: id, note: decision.note },
    });
    return decided;
  });
}
