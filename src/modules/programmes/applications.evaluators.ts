/**
 * Whom a programme's manager may name to evaluate one application: the active administrators and
 * partner users (the roles assignEvaluator accepts), with their organisation and whether they are
 * already assigned. Members of the applicant's own organisation are listed too: naming one is
 * refused by assignEvaluator (403 CONFLICT_OF_INTEREST), the one place that rule lives.
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/database.js';
import { AppError, notFound } from '../../shared/errors.js';
import type { Context } from '../../shared/principal.js';
import { findCall, findProgramme, managesProgramme, requirePermission } from './programmes.service.js';

export interface EvaluatorCandidate {
  id: string;
  displayName: string;
  organisationName: string | null;
  assigned: boolean;
}

export async function listEvaluatorCandidates(
  db: Kysely<Database>,
  ctx: Context,
  applicationId: string,
): Promise<EvaluatorCandidate[]> {
  requirePermission(ctx, 'programmes:manage');
  const application = await db
    .selectFrom('applications')
    .select(['id', 'call_id'])
    .where('id', '=', applicationId)
    .where('status', '!=', 'draft') // the applicant's own until submitted
    .executeTakeFirst();
  const call = application ? await findCall(db, application.call_id) : undefined;
  const programme = call ? await findProgramme(db, call.programme_id) : undefined;
  if (!programme) throw notFound('Application', applicationId);
  if (!managesProgramme(ctx.principal, programme))
    throw new AppError(
      'FORBIDDEN',
      'Only the organisation that runs the programme (or an administrator) names evaluators',
    );
  const rows = await db
    .selectFrom('users')
    .leftJoin('organisations', 'organisations.id', 'users.organisation_id')
    .select([
      'users.id',
      'users.display_name',
      'organisations.name_fr as organisation_name',
      sql<boolean>`EXISTS (SELECT 1 FROM evaluator_assignments e
        WHERE e.application_id = ${applicationId} AND e.evaluator_id = users.id)`.as('assigned'),
    ])
    .where('users.status', '=', 'active')
    .where('users.role', 'in', ['admin', 'partner'])
    .orderBy('users.display_name')
    .orderBy('users.id')
    .limit(500)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    displayName: r.display_name,
    organisationName: r.organisation_name,
    assigned: r.assigned === true,
  }));
}
