/**
 * Applications to calls: submitted by the actor itself or by a territorial agent (or administrator)
 * on its behalf, checked for eligibility on submission with the explanation stored; evaluators
 * assigned per application declare any conflict of interest before they score against the call's
 * grid; the weighted totals give the ranking. Selection and benefits are in selection*.ts/benefits*.ts.
 */
import { type ExpressionBuilder, type Kysely, type Selectable, sql } from 'kysely';
import type { ActorsTable, ApplicationsTable, Database } from '../../db/database.js';
import { AppError, type FieldError, fieldError, notFound } from '../../shared/errors.js';
import type { Context, Principal } from '../../shared/principal.js';
import { isWithin } from '../actors/actors.scope.js';
import { recordAudit } from '../audit/audit.service.js';
import { type EligibilityResult, type Explanation, evaluateEligibility } from './eligibility.evaluate.js';
import { programmesNamed, type Rule, scopeRule } from './eligibility.rules.js';
import { loadActorFacts } from './eligibility.sql.js';
import type { ApplicationCreate, CriterionType, FormFieldType, ScoresInput } from './programmes.schemas.js';
import {
  type CallRow,
  canSeeCall,
  findCall,
  findProgramme,
  isWholeUnit,
  managesProgramme,
  type ProgrammeRow,
  programmeScopeCodes,
  requirePermission,
} from './programmes.service.js';

type ApplicationRow = Selectable<ApplicationsTable>;
type ActorRow = Selectable<ActorsTable>;
const NO_ID = '00000000-0000-0000-0000-000000000000';
const EVALUATED = ['eligible', 'scored'] as const;

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';
}

function flatten(result: EligibilityResult | null) {
  if (!result) return [];
  const out: { pointer: string; depth: number; pass: boolean; message: Explanation['message'] }[] = [
    { pointer: result.base.pointer, depth: 0, pass: result.base.pass, message: result.base.message },
  ];
  if (result.scope)
    out.push({
      pointer: result.scope.pointer,
      depth: 0,
      pass: result.scope.pass,
      message: result.scope.message,
    });
  const walk = (node: Explanation, depth: number) => {
    out.push({ pointer: node.pointer, depth, pass: node.pass, message: node.message });
    for (const child of node.children ?? []) walk(child, depth + 1);
  };
  walk(result.rules, 0);
  return out;
}

function describe(row: ApplicationRow & { call_reference: string; actor_name: string | null }) {
  const eligibility = (row.eligibility ?? null) as EligibilityResult | null;
  return {
    id: row.id,
    callId: row.call_id,
    callReference: row.call_reference,
    actorId: row.actor_id,
    actorName: row.actor_name ?? '',
    submittedByLabel: row.submitted_by_label,
    onBehalf: row.on_behalf,
    status: row.status,
    answers: (row.answers ?? {}) as Record<string, unknown>,
    eligible: row.eligible,
    eligibility,
    explanations: flatten(eligibility),
    requestedCentimes: row.requested_centimes === null ? null : Number(row.requested_centimes),
    requestedSeats: row.requested_seats,
    requestedQuantity: row.requested_quantity === null ? null : Number(row.requested_quantity),
    totalScore: row.total_score === null ? null : Number(row.total_score),
    rank: row.rank,
    waitlistPosition: row.waitlist_position,
    submittedAt: row.submitted_at ? new Date(row.submitted_at).toISOString() : null,
    version: row.version,
  };
}
export type Application = ReturnType<typeof describe>;

function applicationsQuery(db: Kysely<Database>) {
  return db
    .selectFrom('applications')
    .innerJoin('calls', 'calls.id', 'applications.call_id')
    .innerJoin('programmes', 'programmes.id', 'calls.programme_id')
    .innerJoin('actors', 'actors.id', 'applications.actor_id')
    .selectAll('applications')
    .select([
      'calls.reference as call_reference',
      sql<string | null>`coalesce(actors.name_fr, actors.name_ar)`.as('actor_name'),
    ]);
}

/**
 * Who sees which applications: administrators all; a partner those to its own programmes and those
 * it is assigned to evaluate; a territorial user those of actors in its territory; an actor its own.
 */
function visibleApplications(principal: Principal) {
  return (eb: ExpressionBuilder<Database, 'applications' | 'calls' | 'programmes' | 'actors'>) => {
    switch (principal.role) {
      case 'admin':
        return eb.lit(true);
      case 'partner':
        // A draft is the applicant's own until it is submitted: managers and evaluators never see it.
        return eb.and([
          eb('applications.status', '!=', 'draft'),
          eb.or([
            eb('programmes.organisation_id', '=', principal.organisationId ?? NO_ID),
            eb.exists(
              eb
                .selectFrom('evaluator_assignments')
                .select('evaluator_assignments.application_id')
                .whereRef('evaluator_assignments.application_id', '=', 'applications.id')
                .where('evaluator_assignments.evaluator_id', '=', principal.userId ?? NO_ID),
            ),
          ]),
        ]);
      case 'territorial': {
        const scope = principal.territoryCode ?? '-';
        return eb.or([
          eb('actors.region_code', '=', scope),
          eb('actors.province_code', '=', scope),
          eb('actors.province_code', 'like', `${scope}.%`),
        ]);
      }
      case 'actor':
        return eb('actors.organisation_id', '=', principal.organisationId ?? NO_ID);
      default:
        return eb.lit(false);
    }
  };
}

/**
 * Who acts for the applicant (appeal, attachments, withdrawal): the actor's own organisation, a
 * territorial agent of its territory, an administrator. Others are answered 404 (as if unseen).
 */
export function actsForApplicant(
  principal: Principal,
  applicant: { organisation_id: string | null; province_code: string; region_code: string },
): boolean {
  return (
    principal.role === 'admin' ||
    (principal.role === 'actor' &&
      principal.organisationId !== null &&
      principal.organisationId === applicant.organisation_id) ||
    (principal.role === 'territorial' &&
      isWithin(applicant.province_code, applicant.region_code, principal.territoryCode))
  );
}

export async function getApplication(db: Kysely<Database>, ctx: Context, id: string): Promise<Application> {
  const row = await applicationsQuery(db)
    .where('applications.id', '=', id)
    .where(visibleApplications(ctx.principal))
    .executeTakeFirst();
  if (!row) throw notFound('Application', id);
  return describe(row);
}

export async function listApplications(
  db: Kysely<Database>,
  ctx: Context,
  filter: { callId?: string; status?: string; limit?: number },
): Promise<Application[]> {
  if (ctx.principal.role === null) throw new AppError('AUTH_REQUIRED', 'Sign in to see applications');
  let query = applicationsQuery(db).where(visibleApplications(ctx.principal));
  if (filter.callId) query = query.where('applications.call_id', '=', filter.callId);
  if (filter.status)
    query = query.where('applications.status', '=', filter.status as ApplicationRow['status']);
  const rows = await query
    .orderBy('applications.submitted_at', 'desc')
    .orderBy('applications.id')
    .limit(filter.limit ?? 100)
    .execute();
  return rows.map(describe);
}

// ---- submission

/** The answers against the call's form: every problem with a pointer under /body/answers (partial: a draft's). */
export function checkAnswers(
  fields: FormFieldType[],
  answers: Record<string, unknown>,
  partial = false,
): FieldError[] {
  const errors: FieldError[] = [];
  const known = new Set(fields.map((f) => f.code));
  for (const key of Object.keys(answers))
    if (!known.has(key))
      errors.push({ pointer: `/body/answers/${key}`, detail: "is not a field of this call's form" });
  for (const field of fields) {
    const pointer = `/body/answers/${field.code}`;
    const value = answers[field.code];
    if (value === undefined || value === null || value === '') {
      // A draft may leave a required answer for later; its submission may not.
      if (field.required && !partial) errors.push({ pointer, detail: 'is required' });
      continue;
    }
    switch (field.type) {
      case 'text':
        if (typeof value !== 'string') errors.push({ pointer, detail: 'must be text' });
        else if (value.length > (field.maxLength ?? 5000))
          errors.push({ pointer, detail: `must be at most ${field.maxLength ?? 5000} characters` });
        break;
      case 'number':
      case 'integer':
        if (typeof value !== 'number' || !Number.isFinite(value))
          errors.push({ pointer, detail: 'must be a number' });
        else if (field.type === 'integer' && !Number.isInteger(value))
          errors.push({ pointer, detail: 'must be a whole number' });
        else if (field.min !== undefined && value < field.min)
          errors.push({ pointer, detail: `must be at least ${field.min}` });
        else if (field.max !== undefined && value > field.max)
          errors.push({ pointer, detail: `must be at most ${field.max}` });
        break;
      case 'boolean':
        if (typeof value !== 'boolean') errors.push({ pointer, detail: 'must be true or false' });
        break;
      case 'date':
        if (
          typeof value !== 'string' ||
          !/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(value) ||
          Number.isNaN(Date.parse(value))
        )
          errors.push({ pointer, detail: 'must be a date written YYYY-MM-DD' });
        break;
      case 'choice':
        if (typeof value !== 'string' || !field.options?.includes(value))
          errors.push({ pointer, detail: `must be one of ${field.options?.join(', ')}` });
        break;
    }
  }
  return errors;
}

async function resolveApplicant(
  db: Kysely<Database>,
  ctx: Context,
  actorId: string | undefined,
): Promise<ActorRow> {
  const { principal } = ctx;
  if (principal.role === 'actor') {
    const own = await db
      .selectFrom('actors')
      .selectAll()
      .where('organisation_id', '=', principal.organisationId ?? NO_ID)
      .where('merged_into', 'is', null)
      .executeTakeFirst();
    if (!own) throw new AppError('FORBIDDEN', 'Your account is not linked to a record of the registry');
    if (actorId !== undefined && actorId !== own.id)
      throw new AppError(
        'FORBIDDEN',
        'An actor applies for itself only; a territorial agent applies on its behalf',
      );
    return own;
  }
  if (!actorId) throw fieldError('/body/actorId', 'name the actor you apply for', 'UNPROCESSABLE');
  const actor = await db.selectFrom('actors').selectAll().where('id', '=', actorId).executeTakeFirst();
  if (!actor) throw fieldError('/body/actorId', `unknown actor ${actorId}`, 'UNPROCESSABLE');
  if (
    principal.role === 'territorial' &&
    !isWithin(actor.province_code, actor.region_code, principal.territoryCode)
  )
    throw new AppError(
      'FORBIDDEN',
      'A territorial agent applies on behalf of actors of its own territory only',
    );
  if (principal.role !== 'territorial' && principal.role !== 'admin')
    throw new AppError('FORBIDDEN', 'Only the actor itself or a territorial agent may apply');
  return actor;
}

export function checkOpen(call: CallRow, now: Date): void {
  const opensAt = new Date(call.opens_at);
  const closesAt = new Date(call.closes_at);
  if (call.status === 'closed' || call.status === 'decided' || call.status === 'cancelled' || now >= closesAt)
    throw new AppError(
      'CALL_CLOSED',
      `The call closed on ${closesAt.toISOString()}; applications are no longer received`,
    );
  if (call.status !== 'published' || now < opensAt)
    throw new AppError(
      'CALL_NOT_OPEN',
      call.status === 'published'
        ? `The call opens on ${opensAt.toISOString()}; applications are received from then`
        : 'The call is not published yet',
    );
}

/**
 * One actor against the call's rules and the programme's territorial scope, with the explanation
 * of each rule; used on submission and again when an appeal is upheld (the facts may have changed).
 */
export async function checkEligibility(
  db: Kysely<Database>,
  call: CallRow,
  programme: ProgrammeRow,
  actorId: string,
  now: Date,
): Promise<EligibilityResult> {
  const rule = call.eligibility_rules as Rule;
  const [facts] = await loadActorFacts(db, [actorId], rule);
  if (!facts) throw notFound('Actor', actorId);
  const named = programmesNamed(rule);
  const labels = new Map(
    named.length
      ? (
          await db.selectFrom('programmes').select(['id', 'reference']).where('id', 'in', named).execute()
        ).map((p) => [p.id, p.reference] as const)
      : [],
  );
  const codes = await programmeScopeCodes(db, programme);
  return evaluateEligibility(facts, rule, {
    asOf: now,
    programmeLabels: labels,
    scope: scopeRule(codes),
    ...(codes ? { scopeCodes: codes } : {}),
  });
}

/** The answers and requested amounts against the call and programme; a draft may leave required answers out. */
export function checkRequest(
  call: CallRow,
  programme: ProgrammeRow,
  input: Omit<ApplicationCreate, 'actorId' | 'draft'>,
  partial: boolean,
): FieldError[] {
  const errors = checkAnswers(call.form_fields as FormFieldType[], input.answers ?? {}, partial);
  if (input.requestedQuantity !== undefined && input.requestedQuantity !== null) {
    if (programme.kind !== 'raw_material')
      errors.push({ pointer: '/body/requestedQuantity', detail: 'only raw-material calls take a quantity' });
    else if (isWholeUnit(programme.unit) && !Number.isInteger(input.requestedQuantity))
      errors.push({
        pointer: '/body/requestedQuantity',
        detail: `${programme.unit} is counted in whole numbers`,
      });
    else if (Math.round(input.requestedQuantity * 1000) !== input.requestedQuantity * 1000)
      errors.push({ pointer: '/body/requestedQuantity', detail: 'at most three decimals' });
  }
  if (
    input.requestedCentimes !== undefined &&
    input.requestedCentimes !== null &&
    call.budget_centimes !== null &&
    input.requestedCentimes > Number(call.budget_centimes)
  )
    errors.push({
      pointer: '/body/requestedCentimes',
      detail: `above the call's budget of ${call.budget_centimes} centimes`,
    });
  return errors;
}

/** 422 with every problem and its pointer. */
export function refuseApplication(errors: FieldError[]): AppError {
  return new AppError(
    'UNPROCESSABLE',
    `The application has ${errors.length} problem(s): ${errors[0]?.pointer} ${errors[0]?.detail}`,
    { errors },
  );
}

/** One application as its reader sees it, inside the caller's transaction. */
export async function readApplication(db: Kysely<Database>, id: string): Promise<Application> {
  return describe(await applicationsQuery(db).where('applications.id', '=', id).executeTakeFirstOrThrow());
}

/**
 * Turns a draft row into a submitted application inside the caller's transaction: eligibility
 * checked and stored with its explanation, the submitter recorded, the actor's organisation
 * notified. Both an immediate submission and a draft's later submission go through here.
 */
export async function completeSubmission(
  trx: Kysely<Database>,
  ctx: Context,
  target: { applicationId: string; call: CallRow; programme: ProgrammeRow; actor: ActorRow },
  now: Date,
): Promise<EligibilityResult> {
  const { applicationId, call, programme, actor } = target;
  const result = await checkEligibility(trx, call, programme, actor.id, now);
  const onBehalf = ctx.principal.role !== 'actor';
  await trx
    .updateTable('applications')
    .set({
      submitted_by: ctx.principal.userId,
      submitted_by_label: ctx.principal.label,
      on_behalf: onBehalf,
      status: result.eligible ? 'eligible' : 'ineligible',
      eligible: result.eligible,
      eligibility: JSON.stringify(result),
      eligibility_checked_at: now,
      submitted_at: now,
      updated_at: now,
      version: sql`version + 1`,
    })
    .where('id', '=', applicationId)
    .where('status', '=', 'draft')
    .execute();
  if (actor.organisation_id)
    await trx
      .insertInto('notifications')
      .values({
        organisation_id: actor.organisation_id,
        kind: result.eligible ? 'application.eligible' : 'application.ineligible',
        application_id: applicationId,
        payload: JSON.stringify({ callId: call.id, callReference: call.reference, onBehalf }),
      })
      .execute();
  return result;
}

/**
 * Applies to a call: submitted at once (eligibility checked, the actor notified), or kept as a
 * draft (`draft: true`: answers may be partial, no eligibility yet) that the applicant edits and
 * submits later (applications.drafts.ts). A draft counts as the actor's one application to the call.
 */
export async function submitApplication(
  db: Kysely<Database>,
  ctx: Context,
  callId: string,
  input: ApplicationCreate,
  now = new Date(),
): Promise<Application> {
  requirePermission(ctx, 'applications:submit');
  const call = await findCall(db, callId);
  const programme = call ? await findProgramme(db, call.programme_id) : undefined;
  if (!call || !programme || !canSeeCall(ctx.principal, call, programme)) throw notFound('Call', callId);
  checkOpen(call, now);
  const actor = await resolveApplicant(db, ctx, input.actorId);
  const duplicate = () =>
    new AppError(
      'ALREADY_APPLIED',
      `${actor.name_fr ?? actor.name_ar} already applied to the call ${call.reference}`,
    );
  const existing = await db
    .selectFrom('applications')
    .select('id')
    .where('call_id', '=', callId)
    .where('actor_id', '=', actor.id)
    .executeTakeFirst();
  if (existing) throw duplicate();
  const draft = input.draft === true;
  const answers = input.answers ?? {};
  const errors = checkRequest(call, programme, input, draft);
  if (errors.length) throw refuseApplication(errors);
  try {
    return await db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('applications')
        .values({
          call_id: callId,
          actor_id: actor.id,
          submitted_by: ctx.principal.userId,
          submitted_by_label: ctx.principal.label,
          on_behalf: ctx.principal.role !== 'actor',
          status: 'draft',
          answers: JSON.stringify(answers),
          requested_centimes: input.requestedCentimes ?? null,
          requested_seats: input.requestedSeats ?? null,
          requested_quantity: input.requestedQuantity ?? null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const result = draft
        ? null
        : await completeSubmission(trx, ctx, { applicationId: row.id, call, programme, actor }, now);
      const view = await readApplication(trx, row.id);
      await recordAudit(trx, ctx, {
        action: draft ? 'application.draft_created' : 'application.submitted',
        entityType: 'application',
        entityId: row.id,
        after: {
          ...view,
          explanations: undefined,
          eligibility: result ? { eligible: result.eligible } : null,
        },
      });
      return view;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicate();
    throw error;
  }
}

// ---- evaluation

async function loadForEvaluation(db: Kysely<Database>, id: string) {
  const application = await db
    .selectFrom('applications')
    .selectAll()
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!application) return null;
  const call = await findCall(db, application.call_id);
  const programme = call ? await findProgramme(db, call.programme_id) : undefined;
  const actor = await db
    .selectFrom('actors')
    .select(['organisation_id', 'name_fr', 'name_ar'])
    .where('id', '=', application.actor_id)
    .executeTakeFirstOrThrow();
  if (!call || !programme) return null;
  return { application, call, programme, actor };
}

function sameOrganisation(evaluatorOrganisation: string | null, actorOrganisation: string | null): boolean {
  return (
    evaluatorOrganisation !== null &&
    actorOrganisation !== null &&
    evaluatorOrganisation === actorOrganisation
  );
}

async function describeAssignment(db: Kysely<Database>, applicationId: string, evaluatorId: string) {
  const row = await db
    .selectFrom('evaluator_assignments')
    .selectAll()
    .where('application_id', '=', applicationId)
    .where('evaluator_id', '=', evaluatorId)
    .executeTakeFirstOrThrow();
  const scores = await db
    .selectFrom('application_scores')
    .select(['criterion', 'score', 'comment'])
    .where('application_id', '=', applicationId)
    .where('evaluator_id', '=', evaluatorId)
    .orderBy('criterion')
    .execute();
  return {
    applicationId,
    evaluatorId,
    hasConflict: row.has_conflict,
    declaredAt: row.declared_at ? new Date(row.declared_at).toISOString() : null,
    total: row.total === null ? null : Number(row.total),
    scores: scores.map((s) => ({ criterion: s.criterion, score: Number(s.score), comment: s.comment })),
  };
}
export type Assignment = Awaited<ReturnType<typeof describeAssignment>>;

/** The programme's manager names an evaluator for one application. */
export async function assignEvaluator(
  db: Kysely<Database>,
  ctx: Context,
  applicationId: string,
  evaluatorId: string,
): Promise<Assignment> {
  requirePermission(ctx, 'programmes:manage');
  return db.transaction().execute(async (trx) => {
    const loaded = await loadForEvaluation(trx, applicationId);
    if (!loaded || !managesProgramme(ctx.principal, loaded.programme)) {
      if (loaded && ctx.principal.role === 'partner')
        throw new AppError(
          'FORBIDDEN',
          'Only the organisation that runs the programme (or an administrator) names evaluators',
        );
      throw notFound('Application', applicationId);
    }
    if (!(EVALUATED as readonly string[]).includes(loaded.application.status))
      throw new AppError('CONFLICT', `A ${loaded.application.status} application is not evaluated`);
    const evaluator = await trx
      .selectFrom('users')
      .select(['id', 'role', 'organisation_id', 'status'])
      .where('id', '=', evaluatorId)
      .executeTakeFirst();
    if (evaluator?.status !== 'active')
      throw fieldError('/body/evaluatorId', `unknown or disabled user ${evaluatorId}`, 'UNPROCESSABLE');
    if (evaluator.role !== 'admin' && evaluator.role !== 'partner')
      throw fieldError(
        '/body/evaluatorId',
        'evaluators are administrators or partner users',
        'UNPROCESSABLE',
      );
    if (sameOrganisation(evaluator.organisation_id, loaded.actor.organisation_id))
      throw new AppError(
        'CONFLICT_OF_INTEREST',
        "An evaluator from the applicant's own organisation cannot evaluate it",
      );
    const existing = await trx
      .selectFrom('evaluator_assignments')
      .select('evaluator_id')
      .where('application_id', '=', applicationId)
      .where('evaluator_id', '=', evaluatorId)
      .executeTakeFirst();
    if (existing) throw new AppError('CONFLICT', 'This evaluator is already assigned to the application');
    await trx
      .insertInto('evaluator_assignments')
      .values({
        application_id: applicationId,
        evaluator_id: evaluatorId,
        assigned_by_label: ctx.principal.label,
      })
      .execute();
    await trx
      .insertInto('notifications')
      .values({
        user_id: evaluatorId,
        kind: 'evaluation.assigned',
        application_id: applicationId,
        payload: JSON.stringify({ callReference: loaded.call.reference }),
      })
      .execute();
    await recordAudit(trx, ctx, {
      action: 'application.evaluator_assigned',
      entityType: 'application',
      entityId: applicationId,
      after: { evaluatorId },
    });
    return describeAssignment(trx, applicationId, evaluatorId);
  });
}

async function ownAssignment(db: Kysely<Database>, ctx: Context, applicationId: string) {
  const loaded = await loadForEvaluation(db, applicationId);
  if (!loaded) throw notFound('Application', applicationId);
  const assignment = await db
    .selectFrom('evaluator_assignments')
    .selectAll()
    .where('application_id', '=', applicationId)
    .where('evaluator_id', '=', ctx.principal.userId ?? NO_ID)
    .forUpdate()
    .executeTakeFirst();
  if (!assignment) throw new AppError('FORBIDDEN', 'You are not an evaluator of this application');
  if (sameOrganisation(ctx.principal.organisationId, loaded.actor.organisation_id))
    throw new AppError(
      'CONFLICT_OF_INTEREST',
      "An evaluator from the applicant's own organisation cannot evaluate it",
    );
  return { ...loaded, assignment };
}

/** An evaluator declares, once, whether it has a conflict of interest with the applicant. */
export async function declareInterest(
  db: Kysely<Database>,
  ctx: Context,
  applicationId: string,
  input: { hasConflict: boolean; declaration?: string },
): Promise<Assignment> {
  requirePermission(ctx, 'applications:evaluate');
  return db.transaction().execute(async (trx) => {
    const t = trx;
    const { assignment } = await ownAssignment(t, ctx, applicationId);
    if (assignment.has_conflict !== null)
      throw new AppError(
        'ALREADY_DECLARED',
        `You declared on ${new Date(assignment.declared_at ?? 0).toISOString()}`,
      );
    await trx
      .updateTable('evaluator_assignments')
      .set({
        has_conflict: input.hasConflict,
        declaration: input.declaration ?? null,
        declared_at: new Date(),
      })
      .where('application_id', '=', applicationId)
      .where('evaluator_id', '=', assignment.evaluator_id)
      .execute();
    await recordAudit(trx, ctx, {
      action: 'application.interest_declared',
      entityType: 'application',
      entityId: applicationId,
      after: {
        evaluatorId: assignment.evaluator_id,
        hasConflict: input.hasConflict,
        declaration: input.declaration ?? null,
      },
    });
    return describeAssignment(t, applicationId, assignment.evaluator_id);
  });
}

/** Weighted total on 0..100: Σ weight × score / max over Σ weight. */
export function weightedTotal(grid: CriterionType[], scores: ReadonlyMap<string, number>): number | null {
  let sum = 0;
  let weights = 0;
  for (const criterion of grid) {
    const score = scores.get(criterion.code);
    if (score === undefined) return null;
    sum += (criterion.weight * score) / criterion.max;
    weights += criterion.weight;
  }
  if (weights === 0) return null;
  return Math.round((sum / weights) * 100 * 1000) / 1000;
}

/** An evaluator scores some or all criteria; once all are scored its total counts towards the application's. */
export async function scoreApplication(
  db: Kysely<Database>,
  ctx: Context,
  applicationId: string,
  input: ScoresInput,
): Promise<Assignment> {
  requirePermission(ctx, 'applications:evaluate');
  return db.transaction().execute(async (trx) => {
    const t = trx;
    const { assignment, application, call } = await ownAssignment(t, ctx, applicationId);
    if (assignment.has_conflict === null)
      throw new AppError(
        'DECLARATION_REQUIRED',
        'Declare whether you have a conflict of interest with this applicant before scoring',
      );
    if (assignment.has_conflict)
      throw new AppError(
        'CONFLICT_OF_INTEREST',
        'You declared a conflict of interest with this applicant; you cannot score it',
      );
    if (!(EVALUATED as readonly string[]).includes(application.status))
      throw new AppError('CONFLICT', `A ${application.status} application is not scored`);
    const grid = call.scoring_grid as CriterionType[];
    const criteria = new Map(grid.map((c) => [c.code, c]));
    const errors: FieldError[] = [];
    const seen = new Set<string>();
    input.scores.forEach((entry, i) => {
      const criterion = criteria.get(entry.criterion);
      if (!criterion)
        errors.push({
          pointer: `/body/scores/${i}/criterion`,
          detail: `not a criterion of the call's grid (${[...criteria.keys()].join(', ')})`,
        });
      else if (seen.has(entry.criterion))
        errors.push({ pointer: `/body/scores/${i}/criterion`, detail: 'scored twice' });
      else if (entry.score > criterion.max)
        errors.push({ pointer: `/body/scores/${i}/score`, detail: `must be between 0 and ${criterion.max}` });
      else if (Math.round(entry.score * 100) !== entry.score * 100)
        errors.push({ pointer: `/body/scores/${i}/score`, detail: 'at most two decimals' });
      seen.add(entry.criterion);
    });
    if (errors.length)
      throw new AppError(
        'UNPROCESSABLE',
        `The scores have ${errors.length} problem(s): ${errors[0]?.pointer} ${errors[0]?.detail}`,
        {
          errors,
        },
      );
    const evaluatorId = assignment.evaluator_id;
    const before = await describeAssignment(t, applicationId, evaluatorId);
    for (const entry of input.scores)
      await trx
        .insertInto('application_scores')
        .values({
          application_id: applicationId,
          evaluator_id: evaluatorId,
          criterion: entry.criterion,
          score: entry.score,
          comment: entry.comment ?? null,
          scored_at: new Date(),
        })
        .onConflict((oc) =>
          oc.columns(['application_id', 'evaluator_id', 'criterion']).doUpdateSet({
            score: entry.score,
            comment: entry.comment ?? null,
            scored_at: new Date(),
          }),
        )
        .execute();
    const all = await trx
      .selectFrom('application_scores')
      .select(['criterion', 'score'])
      .where('application_id', '=', applicationId)
      .where('evaluator_id', '=', evaluatorId)
      .execute();
    const total = weightedTotal(grid, new Map(all.map((s) => [s.criterion, Number(s.score)])));
    await trx
      .updateTable('evaluator_assignments')
      .set({ total })
      .where('application_id', '=', applicationId)
      .where('evaluator_id', '=', evaluatorId)
      .execute();
    const done = await trx
      .selectFrom('evaluator_assignments')
      .select('total')
      .where('application_id', '=', applicationId)
      .where('has_conflict', '=', false)
      .where('total', 'is not', null)
      .execute();
    if (done.length >= call.evaluators_per_application) {
      const mean = Math.round((done.reduce((s, d) => s + Number(d.total), 0) / done.length) * 1000) / 1000;
      await trx
        .updateTable('applications')
        .set({ total_score: mean, status: 'scored', version: sql`version + 1`, updated_at: new Date() })
        .where('id', '=', applicationId)
        .execute();
    }
    const after = await describeAssignment(t, applicationId, evaluatorId);
    await recordAudit(trx, ctx, {
      action: 'application.scored',
      entityType: 'application',
      entityId: applicationId,
      before,
      after,
    });
    return after;
  });
}

/** Scored applications of a call, best first (ties share a rank; earlier submission first among them). */
export async function rankCall(db: Kysely<Database>, ctx: Context, callId: string) {
  requirePermission(ctx, 'programmes:manage');
  const call = await findCall(db, callId);
  const programme = call ? await findProgramme(db, call.programme_id) : undefined;
  if (!call || !programme || !canSeeCall(ctx.principal, call, programme)) throw notFound('Call', callId);
  if (!managesProgramme(ctx.principal, programme))
    throw new AppError(
      'FORBIDDEN',
      'Only the organisation that runs the programme (or an administrator) sees the ranking',
    );
  const rows = await db
    .selectFrom('applications')
    .innerJoin('actors', 'actors.id', 'applications.actor_id')
    .select([
      'applications.id',
      'applications.actor_id',
      'applications.total_score',
      'applications.status',
      sql<string | null>`coalesce(actors.name_fr, actors.name_ar)`.as('actor_name'),
      (eb) =>
        eb
          .selectFrom('evaluator_assignments')
          .select(sql<number>`count(*)::int`.as('n'))
          .whereRef('evaluator_assignments.application_id', '=', 'applications.id')
          .where('evaluator_assignments.total', 'is not', null)
          .as('evaluators'),
    ])
    .where('applications.call_id', '=', callId)
    .where('applications.total_score', 'is not', null)
    .where('applications.status', 'not in', ['ineligible', 'withdrawn', 'draft', 'submitted'])
    .orderBy('applications.total_score', 'desc')
    .orderBy('applications.submitted_at')
    .orderBy('applications.id')
    .execute();
  let rank = 0;
  let previous: number | null = null;
  return {
    items: rows.map((row, index) => {
      const score = Number(row.total_score);
      if (previous === null || score !== previous) rank = index + 1;
      previous = score;
      return {
        rank,
        applicationId: row.id,
        actorId: row.actor_id,
        actorName: row.actor_name ?? '',
        totalScore: score,
        evaluators: Number(row.evaluators ?? 0),
        status: row.status,
      };
    }),
  };
}
