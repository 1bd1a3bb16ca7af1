import type { Kysely } from 'kysely';
import type { ActorRow, Database } from '../../db/database.js';
import { AppError, type FieldError, notFound } from '../../shared/errors.js';
import type { Context } from '../../shared/principal.js';
import { recordAudit } from '../audit/audit.service.js';
import * as actorsRepo from './actors.repository.js';
import {
  ACTOR_FIELDS,
  type ActorCreate,
  type ActorField,
  type ActorFields,
  type ActorUpdate,
  COLUMN_OF,
  PROTECTED_FIELDS,
} from './actors.schemas.js';
import { assertCanWrite, canSeeActor, isWithin } from './actors.scope.js';
import { assertIdentifiersFree, emptyActorFields, prepareActor } from './actors.validate.js';

export interface SavedActor {
  actor: ActorRow;
  warnings: FieldError[];
  changeRequestId: string | null;
}

/** A record the caller may not see answers as missing, so its existence is not revealed. */
export async function getActor(db: Kysely<Database>, ctx: Context, id: string): Promise<ActorRow> {
  const actor = await actorsRepo.findActorById(db, id);
  if (!actor || !canSeeActor(ctx.principal, actor)) throw notFound('Actor', id);
  return actor;
}

function fieldsOf(row: ActorRow): ActorFields {
  return Object.fromEntries(ACTOR_FIELDS.map((field) => [field, row[COLUMN_OF[field]]])) as ActorFields;
}

/**
 * Registers an actor. Administrators register anywhere, territorial users in their territory.
 * Values that pass with a warning (an ICE not divisible by 97) are saved and the warning returned.
 */
export async function createActor(
  db: Kysely<Database>,
  ctx: Context,
  input: ActorCreate,
  options: { isDemo?: boolean } = {},
): Promise<SavedActor> {
  const { principal } = ctx;
  const fields: ActorFields = { ...emptyActorFields(), ...(input as Partial<ActorFields>) };
  const prepared = await prepareActor(db, fields);
  if (
    principal.role === 'territorial' &&
    !isWithin(prepared.columns.province_code, prepared.columns.region_code, principal.territoryCode)
  ) {
    throw new AppError('FORBIDDEN', `You may register actors in ${principal.territoryCode} only`, {
      errors: [
        { pointer: '/body/provinceCode', detail: `outside your territory (${principal.territoryCode})` },
      ],
    });
  }
  await assertIdentifiersFree(db, prepared.columns, null);
  const actor = await db.transaction().execute(async (trx) => {
    const created = await actorsRepo.insertActor(trx, {
      ...prepared.columns,
      is_demo: options.isDemo ?? false,
    });
    await recordAudit(trx, ctx, {
      action: 'actor.created',
      entityType: 'actor',
      entityId: created.id,
      after: created,
    });
    return created;
  });
  return { actor, warnings: prepared.warnings, changeRequestId: null };
}

/**
 * Changes an actor. An actor editing its own record changes its other fields at once, while changes
 * to its names or identifiers become a change request for an administrator.
 */
export async function updateActor(
  db: Kysely<Database>,
  ctx: Context,
  id: string,
  patch: ActorUpdate,
): Promise<SavedActor> {
  const current = await getActor(db, ctx, id);
  assertCanWrite(ctx.principal, current);
  if (patch.version !== undefined && patch.version !== current.version) {
    throw new AppError(
      'STALE_VERSION',
      `The record is at version ${current.version}; you edited version ${patch.version}. Reload it.`,
    );
  }
  const { status, statusReason, statusChangedOn, version: _version, ...changes } = patch;
  const requested: Partial<ActorFields> = {};
  const applied: Partial<ActorFields> = {};
  const before = fieldsOf(current);
  for (const [field, value] of Object.entries(changes) as Array<[ActorField, ActorFields[ActorField]]>) {
    if (value === undefined || value === before[field]) continue;
    const needsApproval = ctx.principal.role === 'actor' && PROTECTED_FIELDS.includes(field);
    Object.assign(needsApproval ? requested : applied, { [field]: value });
  }
  if (ctx.principal.role === 'actor' && status !== undefined && status !== current.status) {
    throw new AppError(
      'FORBIDDEN',
      'Only an administrator or a regional officer changes the status of a record',
    );
  }
  const merged: ActorFields = { ...before, ...applied };
  const prepared = await prepareActor(db, merged);
  if (
    ctx.principal.role === 'territorial' &&
    !isWithin(prepared.columns.province_code, prepared.columns.region_code, ctx.principal.territoryCode)
  ) {
    throw new AppError('FORBIDDEN', 'You may not move a record outside your territory', {
      errors: [
        { pointer: '/body/provinceCode', detail: `outside your territory (${ctx.principal.territoryCode})` },
      ],
    });
  }
  const nextStatus = status ?? current.status;
  const nextReason = statusReason === undefined ? current.status_reason : statusReason;
  if (nextStatus !== 'active' && !nextReason) {
    throw new AppError('VALIDATION_FAILED', 'A suspended or dissolved record needs a reason', {
      errors: [{ pointer: '/body/statusReason', detail: `give the reason the record is ${nextStatus}` }],
    });
  }
  await assertIdentifiersFree(db, prepared.columns, id);
  let changeRequestId: string | null = null;
  if (Object.keys(requested).length > 0) {
    // Check the requested values now, so the administrator is not asked to approve an invalid change.
    await prepareActor(db, { ...merged, ...requested });
  }
  const actor = await db.transaction().execute(async (trx) => {
    const statusChanged = nextStatus !== current.status;
    const after = await actorsRepo.updateActorRow(trx, id, {
      ...prepared.columns,
      status: nextStatus,
      status_reason: nextStatus === 'active' ? null : nextReason,
      status_changed_on: statusChanged
        ? (statusChangedOn ?? new Date().toISOString().slice(0, 10))
        : statusChangedOn === undefined
          ? current.status_changed_on
          : statusChangedOn,
    });
    await recordAudit(trx, ctx, {
      action: 'actor.updated',
      entityType: 'actor',
      entityId: id,
      before: current,
      after,
    });
    if (Object.keys(requested).length > 0) {
      const request = await trx
        .insertInto('actor_change_requests')
        .values({
          actor_id: id,
          changes: JSON.stringify(requested),
          requested_by: ctx.principal.userId,
          requested_label: ctx.principal.label,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      changeRequestId = request.id;
      await recordAudit(trx, ctx, {
        action: 'actor.change_requested',
        entityType: 'actor',
        entityId: id,
        after: { changeRequestId: request.id, changes: requested },
      });
    }
    return after;
  });
  return { actor, warnings: prepared.warnings, changeRequestId };
}
