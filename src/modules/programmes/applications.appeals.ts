/**
 * Appeals: an applicant (or a territorial agent for it) contests an ineligible or rejected outcome
 * once; the programme's manager upholds it (eligibility is checked again against today's registry
 * facts: eligible goes back to evaluation, still failing stays ineligible with the new explanation)
 * or dismisses it (the outcome is final). Each step one transaction, audited, and notified.
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/database.js';
import { AppError, notFound } from '../../shared/errors.js';
import type { Context } from '../../shared/principal.js';
import { recordAudit } from '../audit/audit.service.js';
import { actsForApplicant, checkEligibility, getApplication } from './applications.service.js';
import { findCall, findProgramme, managesProgramme, requirePermission } from './programmes.service.js';

const APPEALABLE = ['ineligible', 'rejected'];

async function load(db: Kysely<Database>, id: string) {
  const row = await db
    .selectFrom('applications')
    .innerJoin('actors', 'actors.id', 'applications.actor_id')
    .select([
      'applications.id',
      'applications.status',
      'applications.call_id',
      'applications.actor_id',
      'actors.organisation_id',
      'actors.province_code',
      'actors.region_code',
    ])
    .where('applications.id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  return row ?? null;
}

/**
 * The appeal deadline: the call's appeal days after the decision (the selection's date; for an
 * ineligible outcome, when eligibility was checked). Computed by the database clock, as checked.
 */
async function appealWindow(db: Kysely<Database>, id: string) {
  const timing = await sql<{ deadline: Date; passed: boolean; days: number }>`SELECT
      coalesce(a.decided_at, a.eligibility_checked_at, a.submitted_at) + c.appeal_days * interval '1 day' AS deadline,
      now() > coalesce(a.decided_at, a.eligibility_checked_at, a.submitted_at) + c.appeal_days * interval '1 day' AS passed,
      c.appeal_days AS days
    FROM applications a JOIN calls c ON c.id = a.call_id WHERE a.id = ${id}`.execute(db);
  return timing.rows[0];
}

/**
 * What the application page shows about appeals: the appeal if one was filed (with the manager's
 * decision), else whether one can still be filed and until when.
 */
export async function getAppealState(db: Kysely<Database>, ctx: Context, id: string) {
  const application = await getApplication(db, ctx, id);
  const row = await db
    .selectFrom('application_appeals')
    .selectAll()
    .where('application_id', '=', id)
    .executeTakeFirst();
  const window = await appealWindow(db, id);
  const appealable = APPEALABLE.includes(application.status) && !row;
  return {
    appealDays: window?.days ?? 30,
    deadline: appealable && window ? new Date(window.deadline).toISOString() : null,
    open: appealable && window?.passed === false,
    appeal: row
      ? {
          reason: row.reason,
          filedByLabel: row.filed_by_label,
          filedAt: new Date(row.filed_at).toISOString(),
          outcome: row.outcome,
          decisionNote: row.decision_note,
          decidedAt: row.decided_at ? new Date(row.decided_at).toISOString() : null,
        }
      : null,
  };
}

export async function fileAppeal(db: Kysely<Database>, ctx: Context, id: string, input: { reason: string }) {
  requirePermission(ctx, 'applications:submit');
  return db.transaction().execute(async (trx) => {
    const application = await load(trx, id);
    const { principal } = ctx;
    const mayAct = application !== null && actsForApplicant(ctx.principal, application);
    if (!application || !mayAct) throw notFound('Application', id);
    const existing = await trx
      .selectFrom('application_appeals')
      .select('id')
      .where('application_id', '=', id)
      .executeTakeFirst();
    if (existing) throw new AppError('ALREADY_APPEALED', 'An application is appealed once');
    if (!APPEALABLE.includes(application.status))
      throw new AppError(
        'NOT_APPEALABLE',
        `A ${application.status} application cannot be appealed (only ineligible or rejected ones)`,
      );
    // Within the call's appeal days of the decision (the selection's date; for an ineligible
    // outcome, when eligibility was checked).
    const window = await appealWindow(trx, id);
    if (window?.passed)
      throw new AppError(
        'APPEAL_DEADLINE_PASSED',
        `An appeal is taken within ${window.days} days of the decision; the time ran out on ${new Date(window.deadline).toISOString()}`,
      );
    const appeal = await trx
      .insertInto('application_appeals')
      .values({ application_id: id, reason: input.reason, filed_by_label: principal.label })
      .returning(['id', 'filed_at'])
      .executeTakeFirstOrThrow();
    await trx
      .updateTable('applications')
      .set({ status: 'appealed', version: sql`version + 1`, updated_at: new Date() })
      .where('id', '=', id)
      .execute();
    await recordAudit(trx, ctx, {
      action: 'application.appealed',
      entityType: 'application',
      entityId: id,
      before: { status: application.status },
      after: { status: 'appealed', reason: input.reason },
    });
    return {
      applicationId: id,
      status: 'appealed',
      reason: input.reason,
      outcome: null,
      filedAt: new Date(appeal.filed_at).toISOString(),
    };
  });
}

export async function decideAppeal(
  db: Kysely<Database>,
  ctx: Context,
  id: string,
  input: { outcome: 'upheld' | 'dismissed'; note?: string },
) {
  requirePermission(ctx, 'programmes:manage');
  return db.transaction().execute(async (trx) => {
    const application = await load(trx, id);
    const call = application ? await findCall(trx, application.call_id) : undefined;
    const programme = call ? await findProgramme(trx, call.programme_id) : undefined;
    if (!application || !programme) throw notFound('Application', id);
    if (!managesProgramme(ctx.principal, programme))
      throw new AppError(
        'FORBIDDEN',
        'Only the organisation that runs the programme (or an administrator) decides appeals',
      );
    const appeal = await trx
      .selectFrom('application_appeals')
      .selectAll()
      .where('application_id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!appeal || application.status !== 'appealed')
      throw new AppError('CONFLICT', 'The application has no pending appeal');
    if (appeal.outcome) throw new AppError('CONFLICT', `The appeal was already ${appeal.outcome}`);
    const now = new Date();
    await trx
      .updateTable('application_appeals')
      .set({ outcome: input.outcome, decision_note: input.note ?? null, decided_at: now })
      .where('id', '=', appeal.id)
      .execute();
    // Upheld: the rules are checked again (the registry may hold corrected facts now).
    const eligibility =
      input.outcome === 'upheld' && call
        ? await checkEligibility(trx, call, programme, application.actor_id, now)
        : null;
    const status = eligibility ? (eligibility.eligible ? 'eligible' : 'ineligible') : 'final';
    await trx
      .updateTable('applications')
      .set({
        status,
        ...(eligibility
          ? {
              eligible: eligibility.eligible,
              eligibility: JSON.stringify(eligibility),
              eligibility_checked_at: now,
            }
          : {}),
        decided_at: now,
        version: sql`version + 1`,
        updated_at: now,
      })
      .where('id', '=', id)
      .execute();
    if (application.organisation_id)
      await trx
        .insertInto('notifications')
        .values({
          organisation_id: application.organisation_id,
          kind: `application.appeal_${input.outcome}`,
          application_id: id,
          payload: JSON.stringify({
            callReference: call?.reference ?? null,
            ...(eligibility ? { eligible: eligibility.eligible } : {}),
          }),
        })
        .execute();
    await recordAudit(trx, ctx, {
      action: `application.appeal_${input.outcome}`,
      entityType: 'application',
      entityId: id,
      before: { status: 'appealed' },
      after: { status, note: input.note ?? null, ...(eligibility ? { eligible: eligibility.eligible } : {}) },
    });
    return {
      applicationId: id,
      status,
      reason: appeal.reason,
      outcome: input.outcome,
      filedAt: new Date(appeal.filed_at).toISOString(),
    };
  });
}
