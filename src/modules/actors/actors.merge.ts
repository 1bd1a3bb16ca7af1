import { type Kysely, sql, type Transaction } from 'kysely';
import type { ActorRow, Database } from '../../db/database.js';
import { AppError, notFound } from '../../shared/errors.js';
import type { Context } from '../../shared/principal.js';
import { recordAudit } from '../audit/audit.service.js';
import * as actorsRepo from './actors.repository.js';
import { ACTOR_FIELDS, type ActorField, type ActorFields, COLUMN_OF } from './actors.schemas.js';
import { assertIdentifiersFree, prepareActor } from './actors.validate.js';

/**
 * Every table with a column pointing at an actor. A merge moves these rows to the surviving record
 * and an undo moves them back, so a module that adds such a column adds it here.
 */
export const ACTOR_REFERENCES: ReadonlyArray<{ table: string; column: string }> = [
  { table: 'actor_change_requests', column: 'actor_id' },
];

interface MovedReferences {
  rows: Array<{ table: string; column: string; ids: string[] }>;
  organisationMoved: string | null;
  survivorVersionAfter: number;
}

async function lockLive(trx: Transaction<Database>, id: string): Promise<ActorRow> {
  const row = await trx.selectFrom('actors').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  if (!row) throw notFound('Actor', id);
  if (row.merged_into)
    throw new AppError('CONFLICT', `Actor ${id} was already merged into ${row.merged_into}`);
  return row;
}

/**
 * Merges `mergedId` into `survivorId`: the survivor keeps its own values except the fields listed in
 * `take`, which come from the merged record; every reference moves to the survivor; the merged record
 * stays, marked as merged, so both histories remain and the merge can be undone.
 */
export async function mergeActors(
  db: Kysely<Database>,
  ctx: Context,
  input: { survivorId: string; mergedId: string; take: ActorField[] },
): Promise<{ mergeId: string; survivor: ActorRow }> {
  if (input.survivorId === input.mergedId)
    throw new AppError('BAD_REQUEST', 'A record cannot be merged into itself');
  return db.transaction().execute(async (trx) => {
    const survivor = await lockLive(trx, input.survivorId);
    const merged = await lockLive(trx, input.mergedId);
    const fields = (row: ActorRow) =>
      Object.fromEntries(ACTOR_FIELDS.map((f) => [f, row[COLUMN_OF[f]]])) as ActorFields;
    const chosen: ActorFields = { ...fields(survivor) };
    for (const field of input.take) Object.assign(chosen, { [field]: fields(merged)[field] });
    // The merged record leaves the live registry first, so the survivor may take its identifiers.
    const organisationMoved =
      !survivor.organisation_id && merged.organisation_id ? merged.organisation_id : null;
    await trx
      .updateTable('actors')
      .set({
        merged_into: survivor.id,
        organisation_id: organisationMoved ? null : merged.organisation_id,
        updated_at: new Date(),
      })
      .where('id', '=', merged.id)
      .execute();
    const prepared = await prepareActor(trx, chosen, '/body/survivor');
    await assertIdentifiersFree(trx, prepared.columns, survivor.id, '/body/survivor');
    const after = await actorsRepo.updateActorRow(trx, survivor.id, {
      ...prepared.columns,
      organisation_id: organisationMoved ?? survivor.organisation_id,
    });
    const moved: MovedReferences = { rows: [], organisationMoved, survivorVersionAfter: after.version };
    for (const ref of ACTOR_REFERENCES) {
      const { rows } = await sql<{ id: string }>`
        UPDATE ${sql.table(ref.table)} SET ${sql.ref(ref.column)} = ${survivor.id}
        WHERE ${sql.ref(ref.column)} = ${merged.id} RETURNING id`.execute(trx);
      moved.rows.push({ ...ref, ids: rows.map((row) => row.id) });
    }
    await trx
      .updateTable('actor_duplicate_pairs')
      .set({ status: 'merged' })
      .where((eb) =>
        eb.or([
          eb.and([eb('actor_a', '=', survivor.id), eb('actor_b', '=', merged.id)]),
          eb.and([eb('actor_a', '=', merged.id), eb('actor_b', '=', survivor.id)]),
        ]),
      )
      .execute();
    const record = await trx
      .insertInto('actor_merges')
      .values({
        survivor_id: survivor.id,
        merged_id: merged.id,
        survivor_before: JSON.stringify(survivor),
        moved_references: JSON.stringify(moved),
        merged_by_label: ctx.principal.label,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const note = { mergeId: record.id, survivorId: survivor.id, mergedId: merged.id, took: input.take };
    await recordAudit(trx, ctx, {
      action: 'actor.merged',
      entityType: 'actor',
      entityId: survivor.id,
      before: survivor,
      after,
    });
    await recordAudit(trx, ctx, {
      action: 'actor.merged_into',
      entityType: 'actor',
      entityId: merged.id,
      after: note,
    });
    return { mergeId: record.id, survivor: after };
  });
}

/** Merges, newest first; with `actorId`, those where it survived or was merged. */
export async function listMerges(db: Kysely<Database>, actorId: string | null) {
  let query = db
    .selectFrom('actor_merges')
    .select([
      'id',
      'survivor_id',
      'merged_id',
      'merged_by_label',
      'merged_at',
      'undone_at',
      'undone_by_label',
    ])
    .orderBy('merged_at', 'desc')
    .limit(200);
  if (actorId)
    query = query.where((eb) => eb.or([eb('survivor_id', '=', actorId), eb('merged_id', '=', actorId)]));
  return query.execute();
}

/** Undoes a merge, as long as the survivor has not been changed since (that change would be lost). */
export async function undoMerge(db: Kysely<Database>, ctx: Context, mergeId: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const merge = await trx
      .selectFrom('actor_merges')
      .selectAll()
      .where('id', '=', mergeId)
      .forUpdate()
      .executeTakeFirst();
    if (!merge) throw notFound('Merge', mergeId);
    if (merge.undone_at) throw new AppError('CONFLICT', 'This merge was already undone');
    const moved = merge.moved_references as MovedReferences;
    const before = merge.survivor_before as ActorRow & { created_at: string; updated_at: string };
    const survivor = await trx
      .selectFrom('actors')
      .selectAll()
      .where('id', '=', merge.survivor_id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (survivor.version !== moved.survivorVersionAfter) {
      throw new AppError(
        'CONFLICT',
        'The surviving record was changed after the merge; undoing would lose that change',
      );
    }
    const { id: _id, created_at: _created, updated_at: _updated, version: _version, ...restored } = before;
    // The survivor gives back what it took first, so the merged record can hold it again.
    const after = await actorsRepo.updateActorRow(trx, merge.survivor_id, restored);
    await trx
      .updateTable('actors')
      .set({
        merged_into: null,
        organisation_id: moved.organisationMoved ?? undefined,
        updated_at: new Date(),
      })
      .where('id', '=', merge.merged_id)
      .execute();
    for (const ref of moved.rows) {
      if (ref.ids.length === 0) continue;
      await sql`UPDATE ${sql.table(ref.table)} SET ${sql.ref(ref.column)} = ${merge.merged_id}
        WHERE id IN (${sql.join(ref.ids)})`.execute(trx);
    }
    await trx
      .updateTable('actor_duplicate_pairs')
      .set({ status: 'open' })
      .where('status', '=', 'merged')
      .where((eb) => eb.or([eb('actor_a', '=', merge.merged_id), eb('actor_b', '=', merge.merged_id)]))
      .execute();
    await trx
      .updateTable('actor_merges')
      .set({ undone_at: new Date(), undone_by_label: ctx.principal.label })
      .where('id', '=', mergeId)
      .execute();
    await recordAudit(trx, ctx, {
      action: 'actor.merge_undone',
      entityType: 'actor',
      entityId: merge.survivor_id,
      before: survivor,
      after,
    });
    await recordAudit(trx, ctx, {
      action: 'actor.unmerged',
      entityType: 'actor',
      entityId: merge.merged_id,
      after: { mergeId },
    });
  });
}
