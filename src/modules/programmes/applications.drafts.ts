/**
 * Draft applications (POST /api/calls/:id/applications with `draft: true`): the applicant side (the
 * actor, its territorial agent, an administrator: `actsForApplicant`) edits the answers, submits the
 * draft or deletes it, while the call is open. A draft's answers may be partial; its submission
 * checks them in full and evaluates eligibility with the very code of an immediate submission
 * (`completeSubmission`). Managers and evaluators never see drafts (`visibleApplications`). Each
 * write is one transaction with its audit row.
 */
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Database } from '../../db/database.js';
import { AppError, notFound } from '../../shared/errors.js';
import type { Context } from '../../shared/principal.js';
import { recordAudit } from '../audit/audit.service.js';
import {
  type Application,
  actsForApplicant,
  checkOpen,
  checkRequest,
  completeSubmission,
  readApplication,
  refuseApplication,
} from './applications.service.js';
import type { ApplicationCreate } from './programmes.schemas.js';
import { findCall, findProgramme, requirePermission } from './programmes.service.js';

export type DraftUpdate = Omit<ApplicationCreate, 'actorId' | 'draft'>;

/** The draft, locked, with its call and programme; 404 to anyone not acting for the applicant. */
async function lockDraft(trx: Kysely<Database>, ctx: Context, id: string, now: Date, checkCall = true) {
  const row = await trx
    .selectFrom('applications')
    .selectAll('applications')
    .where('applications.id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  const actor = row
    ? await trx.selectFrom('actors').selectAll().where('id', '=', row.actor_id).executeTakeFirst()
    : undefined;
  if (!row || !actor || !actsForApplicant(ctx.principal, actor)) throw notFound('Application', id);
  if (row.status !== 'draft')
    throw new AppError('NOT_DRAFT', `The application is ${row.status}: only a draft is changed this way`);
  const call = await findCall(trx, row.call_id);
  const programme = call ? await findProgramme(trx, call.programme_id) : undefined;
  if (!call || !programme) throw notFound('Application', id);
  if (checkCall) checkOpen(call, now);
  return { row, actor, call, programme };
}

/** Replaces the given parts of a draft (answers as a whole); each given answer is type-checked. */
export async function updateDraft(
  db: Kysely<Database>,
  ctx: Context,
  id: string,
  input: DraftUpdate,
  now = new Date(),
): Promise<Application> {
  requirePermission(ctx, 'applications:submit');
  return db.transaction().execute(async (trx) => {
    const { row, call, programme } = await lockDraft(trx, ctx, id, now);
    const errors = checkRequest(call, programme, input, true);
    if (errors.length) throw refuseApplication(errors);
    const before = await readApplication(trx, id);
    await trx
      .updateTable('applications')
      .set({
        ...(input.answers !== undefined ? { answers: JSON.stringify(input.answers) } : {}),
        ...(input.requestedCentimes !== undefined ? { requested_centimes: input.requestedCentimes } : {}),
        ...(input.requestedSeats !== undefined ? { requested_seats: input.requestedSeats } : {}),
        ...(input.requestedQuantity !== undefined ? { requested_quantity: input.requestedQuantity } : {}),
        updated_at: now,
        version: sql`version + 1`,
      })
      .where('id', '=', row.id)
      .execute();
    const after = await readApplication(trx, id);
    await recordAudit(trx, ctx, {
      action: 'application.draft_updated',
      entityType: 'application',
      entityId: id,
      before: { answers: before.answers, version: before.version },
      after: { answers: after.answers, version: after.version },
    });
    return after;
  });
}

/** Submits a draft: every answer checked against the form, eligibility stored, the actor notified. */
export async function submitDraft(
  db: Kysely<Database>,
  ctx: Context,
  id: string,
  now = new Date(),
): Promise<Application> {
  requirePermission(ctx, 'applications:submit');
  return db.transaction().execute(async (trx) => {
    const { row, actor, call, programme } = await lockDraft(trx, ctx, id, now);
    const stored = {
      answers: (row.answers ?? {}) as Record<string, unknown>,
      requestedCentimes: row.requested_centimes === null ? null : Number(row.requested_centimes),
      requestedSeats: row.requested_seats,
      requestedQuantity: row.requested_quantity === null ? null : Number(row.requested_quantity),
    };
    // Pointers name the draft's fields as the create and edit bodies do (/body/answers/<code>).
    const errors = checkRequest(call, programme, stored, false);
    if (errors.length) throw refuseApplication(errors);
    const result = await completeSubmission(trx, ctx, { applicationId: id, call, programme, actor }, now);
    const view = await readApplication(trx, id);
    await recordAudit(trx, ctx, {
      action: 'application.submitted',
      entityType: 'application',
      entityId: id,
      before: { status: 'draft' },
      after: { ...view, explanations: undefined, eligibility: { eligible: result.eligible } },
    });
    return view;
  });
}

/** Deletes a draft (its attachments' links go with it; the stored files stay, shared by hash). */
export async function deleteDraft(
  db: Kysely<Database>,
  ctx: Context,
  id: string,
  now = new Date(),
): Promise<void> {
  requirePermission(ctx, 'applications:submit');
  await db.transaction().execute(async (trx) => {
    // A draft may be deleted after the call closed too: it can no longer be submitted anyway.
    await lockDraft(trx, ctx, id, now, false);
    const before = await readApplication(trx, id);
    await trx.deleteFrom('applications').where('id', '=', id).execute();
    await recordAudit(trx, ctx, {
      action: 'application.draft_deleted',
      entityType: 'application',
      entityId: id,
      before: { ...before, explanations: undefined },
    });
  });
}
