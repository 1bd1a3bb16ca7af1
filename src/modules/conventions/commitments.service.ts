import type { Kysely, Transaction } from 'kysely';
import { sql } from 'kysely';
import type { Static } from 'typebox';
import type { Database, MilestoneStatus } from '../../db/database.js';
import { AppError, fieldError, notFound } from '../../shared/errors.js';
import type { Context } from '../../shared/principal.js';
import { recordAudit } from '../audit/audit.service.js';
import * as repo from './conventions.repository.js';
import type {
  CommitmentCreate,
  CommitmentDetail,
  CommitmentUpdate,
  ConvergenceSchema,
  MilestoneInput,
  MilestoneUpdate,
} from './conventions.schemas.js';
import { requirePermission } from './conventions.service.js';
import {
  type Commitment,
  countCommitments,
  loadCommitments,
  type Milestone,
  summarise,
  toMilestone,
} from './conventions.view.js';

export type CommitmentView = Static<typeof CommitmentDetail>;
export type Convergence = Static<typeof ConvergenceSchema>;

const unprocessable = (pointer: string, detail: string) => fieldError(pointer, detail, 'UNPROCESSABLE');
/** What a partner may change on its own commitments; everything else is the administrator's. */
const PARTNER_COMMITMENT_FIELDS = new Set(['description', 'version']);
const PARTNER_MILESTONE_FIELDS = new Set(['status', 'doneOn']);

type EditRight = 'all' | 'progress' | 'none';

/** Administrators edit everything; a partner the progress (description, milestones) of its own commitments. */
function editRight(ctx: Context, commitment: { organisation_id: string }): EditRight {
  if (ctx.principal.role === 'admin') return 'all';
  if (
    ctx.principal.role === 'partner' &&
    ctx.principal.organisationId !== null &&
    ctx.principal.organisationId === commitment.organisation_id
  )
    return 'progress';
  return 'none';
}

/** The commitment if its convention is visible to the caller (locked for update inside a transaction). */
async function findVisibleCommitment(db: repo.Db, ctx: Context, id: string, lock = false) {
  let query = db
    .selectFrom('commitments')
    .innerJoin('conventions', 'conventions.id', 'commitments.convention_id')
    .selectAll('commitments')
    .where('commitments.id', '=', id)
    .where(repo.visibleConventions(ctx.principal));
  if (lock) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  if (!row) throw notFound('Commitment', id);
  return row;
}

// ---- checks

function today(): string {
  return repo.today();
}

async function checkAxis(db: repo.Db, code: string | undefined): Promise<void> {
  if (code === undefined) return;
  const axis = await db
    .selectFrom('convention_axes')
    .select('code')
    .where('code', '=', code)
    .executeTakeFirst();
  if (!axis) throw unprocessable('/body/axisCode', `unknown axis ${code}`);
}

async function checkParty(
  db: repo.Db,
  conventionId: string,
  organisationId: string | undefined,
): Promise<void> {
  if (organisationId === undefined) return;
  const party = await db
    .selectFrom('convention_parties')
    .select('organisation_id')
    .where('convention_id', '=', conventionId)
    .where('organisation_id', '=', organisationId)
    .executeTakeFirst();
  if (!party)
    throw unprocessable(
      '/body/organisationId',
      'the committing organisation must be a party to the convention',
    );
}

/** Scope and territories agree; every code is a known region or province. */
async function checkTerritories(
  db: repo.Db,
  scope: 'national' | 'territories' | undefined,
  codes: string[] | undefined,
): Promise<{ scope: 'national' | 'territories'; codes: string[] } | null> {
  if (scope === undefined && codes === undefined) return null;
  const list = codes ?? [];
  const resolved = scope ?? (list.length ? 'territories' : 'national');
  if (resolved === 'national' && list.length)
    throw unprocessable('/body/territoryCodes', 'a national commitment lists no territories');
  if (resolved === 'territories' && list.length === 0)
    throw unprocessable('/body/territoryCodes', 'list the regions or provinces of the commitment');
  if (list.length) {
    const rows = await db
      .selectFrom('territories')
      .select(['code', 'level'])
      .where('code', 'in', list)
      .execute();
    const levels = new Map(rows.map((r) => [r.code, r.level]));
    for (const [i, code] of list.entries()) {
      const level = levels.get(code);
      if (!level) throw unprocessable(`/body/territoryCodes/${i}`, `unknown territory ${code}`);
      if (level !== 'region' && level !== 'province')
        throw unprocessable(`/body/territoryCodes/${i}`, `${code} is not a region or a province`);
    }
  }
  return { scope: resolved, codes: list };
}

function checkDates(startsOn: string | null, endsOn: string | null): void {
  if (startsOn && endsOn && endsOn < startsOn) throw unprocessable('/body/endsOn', 'ends before it starts');
}

async function checkCommitmentReference(
  db: repo.Db,
  conventionId: string,
  reference: string | null | undefined,
  selfId: string | null,
): Promise<void> {
  if (!reference) return;
  const same = await db
    .selectFrom('commitments')
    .select('id')
    .where('convention_id', '=', conventionId)
    .where(sql<boolean>`lower(reference) = lower(${reference})`)
    .executeTakeFirst();
  if (same && same.id !== selfId)
    throw fieldError(
      '/body/reference',
      `the reference "${reference}" is already used in this convention`,
      'IDENTIFIER_TAKEN',
    );
}

/** Status and done date agree: done needs a date (today by default), no later than today; others none. */
function milestoneDone(
  status: MilestoneStatus,
  doneOn: string | null | undefined,
  pointer: string,
): string | null {
  if (status !== 'done') {
    if (doneOn) throw unprocessable(`${pointer}/doneOn`, 'only a done milestone has a done date');
    return null;
  }
  const date = doneOn ?? today();
  if (date > today()) throw unprocessable(`${pointer}/doneOn`, 'cannot be done in the future');
  return date;
}

// ---- snapshots for the audit trail

async function commitmentSnapshot(trx: Transaction<Database>, id: string) {
  const row = await trx.selectFrom('commitments').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return null;
  const territories = await repo.territoriesOf(trx, [id]);
  return { ...row, territory_codes: territories.get(id) ?? [] };
}

async function loadOne(db: repo.Db, id: string): Promise<Commitment> {
  const [commitment] = await loadCommitments(db, { ids: [id] });
  if (!commitment) throw notFound('Commitment', id);
  return commitment;
}

// ---- commitments

export async function getCommitment(db: Kysely<Database>, ctx: Context, id: string): Promise<CommitmentView> {
  const row = await findVisibleCommitment(db, ctx, id);
  const convention = await db
    .selectFrom('conventions')
    .select(['reference', 'title_fr', 'title_ar', 'published'])
    .where('id', '=', row.convention_id)
    .executeTakeFirstOrThrow();
  return {
    ...(await loadOne(db, id)),
    conventionReference: convention.reference,
    conventionTitleFr: convention.title_fr,
    conventionTitleAr: convention.title_ar,
    conventionPublished: convention.published,
    canEdit: editRight(ctx, row),
  };
}

async function insertMilestones(
  trx: Transaction<Database>,
  commitmentId: string,
  milestones: MilestoneInput[],
  pointer: string,
): Promise<void> {
  if (milestones.length === 0) return;
  const rows = milestones.map((m, i) => {
    const status = m.status ?? 'planned';
    return {
      commitment_id: commitmentId,
      title_fr: m.titleFr.trim(),
      title_ar: m.titleAr?.trim() ?? null,
      due_on: m.dueOn,
      status,
      done_on: milestoneDone(status, m.doneOn, `${pointer}/${i}`),
      position: m.position ?? i,
    };
  });
  await trx.insertInto('commitment_milestones').values(rows).execute();
}

export async function createCommitment(
  db: Kysely<Database>,
  ctx: Context,
  conventionId: string,
  input: CommitmentCreate,
  options: { isDemo?: boolean } = {},
): Promise<Commitment> {
  requirePermission(ctx, 'conventions:manage');
  return db.transaction().execute(async (trx) => {
    const convention = await repo.lockConvention(trx, conventionId);
    if (!convention) throw notFound('Convention', conventionId);
    await checkParty(trx, conventionId, input.organisationId);
    await checkAxis(trx, input.axisCode);
    const territories = (await checkTerritories(trx, input.scope, input.territoryCodes)) ?? {
      scope: 'national' as const,
      codes: [],
    };
    checkDates(input.startsOn ?? null, input.endsOn ?? null);
    await checkCommitmentReference(trx, conventionId, input.reference, null);
    const row = await trx
      .insertInto('commitments')
      .values({
        convention_id: conventionId,
        organisation_id: input.organisationId,
        reference: input.reference?.trim() ?? null,
        title_fr: input.titleFr.trim(),
        title_ar: input.titleAr?.trim() ?? null,
        description: input.description ?? null,
        axis_code: input.axisCode,
        budget_centimes: input.budgetCentimes ?? null,
        starts_on: input.startsOn ?? null,
        ends_on: input.endsOn ?? null,
        scope: territories.scope,
        status: input.status ?? 'active',
        is_demo: options.isDemo ?? convention.is_demo,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (territories.codes.length)
      await trx
        .insertInto('commitment_territories')
        .values(territories.codes.map((code) => ({ commitment_id: row.id, territory_code: code })))
        .execute();
    await insertMilestones(trx, row.id, input.milestones ?? [], '/body/milestones');
    const created = await loadOne(trx, row.id);
    await recordAudit(trx, ctx, {
      action: 'commitment.created',
      entityType: 'commitment',
      entityId: row.id,
      after: { ...(await commitmentSnapshot(trx, row.id)), milestones: created.milestones.length },
    });
    return created;
  });
}

export async function updateCommitment(
  db: Kysely<Database>,
  ctx: Context,
  id: string,
  patch: CommitmentUpdate,
): Promise<Commitment> {
  return db.transaction().execute(async (trx) => {
    const current = await findVisibleCommitment(trx, ctx, id, true);
    const right = editRight(ctx, current);
    if (right === 'none') throw new AppError('FORBIDDEN', 'You may not change this commitment');
    if (right === 'progress') {
      const refused = Object.keys(patch).filter((key) => !PARTNER_COMMITMENT_FIELDS.has(key));
      if (refused.length)
        throw new AppError(
          'FORBIDDEN',
          `A partner changes only the description and the milestones of its own commitments, not ${refused.join(', ')}`,
          { errors: refused.map((key) => ({ pointer: `/body/${key}`, detail: 'administrators only' })) },
        );
    }
    if (patch.version !== undefined && patch.version !== current.version)
      throw new AppError(
        'STALE_VERSION',
        `The commitment is at version ${current.version}; you edited version ${patch.version}. Reload it.`,
      );
    await checkParty(trx, current.convention_id, patch.organisationId);
    await checkAxis(trx, patch.axisCode);
    const currentCodes = (await repo.territoriesOf(trx, [id])).get(id) ?? [];
    const territories =
      patch.scope === undefined && patch.territoryCodes === undefined
        ? null
        : await checkTerritories(
            trx,
            patch.scope,
            patch.territoryCodes ?? (patch.scope === 'territories' ? currentCodes : []),
          );
    const startsOn = patch.startsOn === undefined ? current.starts_on : patch.startsOn;
    const endsOn = patch.endsOn === undefined ? current.ends_on : patch.endsOn;
    checkDates(startsOn, endsOn);
    await checkCommitmentReference(trx, current.convention_id, patch.reference, id);
    const before = await commitmentSnapshot(trx, id);
    await trx
      .updateTable('commitments')
      .set({
        ...(patch.organisationId !== undefined ? { organisation_id: patch.organisationId } : {}),
        ...(patch.reference !== undefined ? { reference: patch.reference?.trim() ?? null } : {}),
        ...(patch.titleFr !== undefined ? { title_fr: patch.titleFr.trim() } : {}),
        ...(patch.titleAr !== undefined ? { title_ar: patch.titleAr?.trim() ?? null } : {}),
        ...(patch.description !== undefined ? { description: patch.description } : {}),
        ...(patch.axisCode !== undefined ? { axis_code: patch.axisCode } : {}),
        ...(patch.budgetCentimes !== undefined ? { budget_centimes: patch.budgetCentimes } : {}),
        ...(patch.status !== undefined ? { status: patch.status } : {}),
        ...(territories ? { scope: territories.scope } : {}),
        starts_on: startsOn,
        ends_on: endsOn,
        version: current.version + 1,
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .execute();
    if (territories) {
      await trx.deleteFrom('commitment_territories').where('commitment_id', '=', id).execute();
      if (territories.codes.length)
        await trx
          .insertInto('commitment_territories')
          .values(territories.codes.map((code) => ({ commitment_id: id, territory_code: code })))
          .execute();
    }
    await recordAudit(trx, ctx, {
      action: 'commitment.updated',
      entityType: 'commitment',
      entityId: id,
      before,
      after: await commitmentSnapshot(trx, id),
    });
    return loadOne(trx, id);
  });
}

export async function deleteCommitment(db: Kysely<Database>, ctx: Context, id: string): Promise<void> {
  requirePermission(ctx, 'conventions:manage');
  await db.transaction().execute(async (trx) => {
    const current = await findVisibleCommitment(trx, ctx, id, true);
    const before = await commitmentSnapshot(trx, current.id);
    try {
      await trx.deleteFrom('commitments').where('id', '=', id).execute();
    } catch (error) {
      if ((error as { code?: string }).code === '23503')
        throw new AppError(
          'CONFLICT',
          'Indicator values were reported against this commitment: set it cancelled instead',
        );
      throw error;
    }
    await recordAudit(trx, ctx, {
      action: 'commitment.deleted',
      entityType: 'commitment',
      entityId: id,
      before,
    });
  });
}

// ---- milestones

export async function createMilestone(
  db: Kysely<Database>,
  ctx: Context,
  commitmentId: string,
  input: MilestoneInput,
): Promise<Milestone> {
  requirePermission(ctx, 'conventions:manage');
  return db.transaction().execute(async (trx) => {
    await findVisibleCommitment(trx, ctx, commitmentId, true);
    const status = input.status ?? 'planned';
    const position =
      input.position ??
      Number(
        (
          await trx
            .selectFrom('commitment_milestones')
            .select(sql<number>`coalesce(max(position) + 1, 0)`.as('next'))
            .where('commitment_id', '=', commitmentId)
            .executeTakeFirstOrThrow()
        ).next,
      );
    const row = await trx
      .insertInto('commitment_milestones')
      .values({
        commitment_id: commitmentId,
        title_fr: input.titleFr.trim(),
        title_ar: input.titleAr?.trim() ?? null,
        due_on: input.dueOn,
        status,
        done_on: milestoneDone(status, input.doneOn, '/body'),
        position,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, ctx, {
      action: 'milestone.created',
      entityType: 'milestone',
      entityId: row.id,
      after: row,
    });
    return toMilestone(row, today());
  });
}

async function findMilestone(trx: Transaction<Database>, ctx: Context, id: string) {
  const milestone = await trx
    .selectFrom('commitment_milestones')
    .selectAll()
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!milestone) throw notFound('Milestone', id);
  const commitment = await findVisibleCommitment(trx, ctx, milestone.commitment_id).catch(() => {
    throw notFound('Milestone', id);
  });
  return { milestone, commitment };
}

export async function updateMilestone(
  db: Kysely<Database>,
  ctx: Context,
  id: string,
  patch: MilestoneUpdate,
): Promise<Milestone> {
  return db.transaction().execute(async (trx) => {
    const { milestone, commitment } = await findMilestone(trx, ctx, id);
    const right = editRight(ctx, commitment);
    if (right === 'none')
      throw new AppError('FORBIDDEN', 'You may not change the milestones of this commitment');
    if (right === 'progress') {
      const refused = Object.keys(patch).filter((key) => !PARTNER_MILESTONE_FIELDS.has(key));
      if (refused.length)
        throw new AppError(
          'FORBIDDEN',
          `A partner changes only the status and done date of its milestones, not ${refused.join(', ')}`,
          { errors: refused.map((key) => ({ pointer: `/body/${key}`, detail: 'administrators only' })) },
        );
    }
    const status = patch.status ?? milestone.status;
    // A done milestone keeps its date unless a new one is given; any other status has none.
    const doneOn =
      patch.doneOn !== undefined
        ? patch.doneOn
        : status === 'done' && milestone.status === 'done'
          ? milestone.done_on
          : null;
    const row = await trx
      .updateTable('commitment_milestones')
      .set({
        ...(patch.titleFr !== undefined ? { title_fr: patch.titleFr.trim() } : {}),
        ...(patch.titleAr !== undefined ? { title_ar: patch.titleAr?.trim() ?? null } : {}),
        ...(patch.dueOn !== undefined ? { due_on: patch.dueOn } : {}),
        ...(patch.position !== undefined ? { position: patch.position } : {}),
        status,
        done_on: milestoneDone(status, doneOn, '/body'),
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, ctx, {
      action: 'milestone.updated',
      entityType: 'milestone',
      entityId: id,
      before: milestone,
      after: row,
    });
    return toMilestone(row, today());
  });
}

export async function deleteMilestone(db: Kysely<Database>, ctx: Context, id: string): Promise<void> {
  requirePermission(ctx, 'conventions:manage');
  await db.transaction().execute(async (trx) => {
    const { milestone } = await findMilestone(trx, ctx, id);
    await trx.deleteFrom('commitment_milestones').where('id', '=', id).execute();
    await recordAudit(trx, ctx, {
      action: 'milestone.deleted',
      entityType: 'milestone',
      entityId: id,
      before: milestone,
    });
  });
}

// ---- convergence

/**
 * For one region or province: every convention the caller may see with a commitment active there
 * (national, scoped to it, to its region or to a province inside it), those commitments only, and totals.
 */
export async function convergence(db: Kysely<Database>, ctx: Context, code: string): Promise<Convergence> {
  const territory = await db
    .selectFrom('territories')
    .selectAll()
    .where('code', '=', code)
    .executeTakeFirst();
  if (!territory) throw notFound('Territory', code);
  const day = today();
  const conventions = await db
    .selectFrom('conventions')
    .selectAll('conventions')
    .where(repo.visibleConventions(ctx.principal))
    .where(
      sql<boolean>`EXISTS (SELECT 1 FROM commitments WHERE commitments.convention_id = conventions.id AND ${repo.activeIn(code)})`,
    )
    .orderBy(sql`conventions.signed_on DESC NULLS LAST`)
    .orderBy('conventions.reference')
    .execute();
  const summaries = await summarise(db, conventions, day);
  const commitments = await loadCommitments(
    db,
    { conventionIds: conventions.map((c) => c.id), activeIn: code },
    day,
  );
  const byConvention = new Map<string, Commitment[]>();
  for (const c of commitments)
    byConvention.set(c.conventionId, [...(byConvention.get(c.conventionId) ?? []), c]);
  return {
    territory: {
      code: territory.code,
      level: territory.level,
      nameFr: territory.name_fr,
      nameAr: territory.name_ar,
      parentCode: territory.parent_code,
    },
    conventions: summaries.map((summary) => {
      const own = byConvention.get(summary.id) ?? [];
      return { ...summary, counts: countCommitments(own), commitments: own };
    }),
    totals: countCommitments(commitments),
  };
}
