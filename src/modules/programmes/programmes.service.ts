/**
 * Support programmes, their quotas of raw material, and their calls for applications (with the
 * eligibility rules validated on save and a preview against the registry). Administrators manage
 * every programme; a partner its own organisation's. Every write is one transaction with its audit row.
 */
import { type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import type { CallsTable, Database, ProgrammesTable } from '../../db/database.js';
import { AppError, type FieldError, fieldError, notFound } from '../../shared/errors.js';
import { type Context, can, type Permission, type Principal } from '../../shared/principal.js';
import { recordAudit } from '../audit/audit.service.js';
import { codesNamed, type Rule, scopeRule, validateRule } from './eligibility.rules.js';
import { previewEligible } from './eligibility.sql.js';
import type {
  CallCreate,
  CallUpdate,
  CriterionType,
  FormFieldType,
  ProgrammeCreate,
  ProgrammeUpdate,
  QuotaInputType,
  ReservedShareType,
} from './programmes.schemas.js';

export type Db = Kysely<Database> | Transaction<Database>;
export type ProgrammeRow = Selectable<ProgrammesTable>;
export type CallRow = Selectable<CallsTable>;

const WHOLE_UNITS = new Set(['unit', 'bundle']);
const unprocessable = (pointer: string, detail: string) => fieldError(pointer, detail, 'UNPROCESSABLE');

export function requirePermission(ctx: Context, permission: Permission): void {
  if (!can(ctx.principal, permission))
    throw new AppError('FORBIDDEN', `You need the permission ${permission}`);
}

export function isWholeUnit(unit: string | null): boolean {
  return unit !== null && WHOLE_UNITS.has(unit);
}

/** Administrators manage every programme; a partner those its organisation runs. */
export function managesProgramme(principal: Principal, programme: { organisation_id: string }): boolean {
  if (principal.role === 'admin') return true;
  return (
    principal.role === 'partner' &&
    principal.organisationId !== null &&
    principal.organisationId === programme.organisation_id
  );
}

/** Draft programmes are seen by those who manage them; the others by every signed-in user and the public. */
function canSeeProgramme(principal: Principal, programme: ProgrammeRow): boolean {
  return programme.status !== 'draft' || managesProgramme(principal, programme);
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';
}

function iso(value: Date | string): string {
  return (value instanceof Date ? value : new Date(value)).toISOString();
}

function stale(what: string, current: number, sent: number | undefined): void {
  if (sent !== undefined && sent !== current)
    throw new AppError(
      'STALE_VERSION',
      `The ${what} is at version ${current}; you edited version ${sent}. Reload it.`,
    );
}

// ---- programmes

/** The territory codes of a programme with a territorial scope; null for a national one. */
export async function programmeScopeCodes(db: Db, programme: ProgrammeRow): Promise<string[] | null> {
  if (programme.scope !== 'territories') return null;
  const rows = await db
    .selectFrom('programme_territories')
    .select('territory_code')
    .where('programme_id', '=', programme.id)
    .orderBy('territory_code')
    .execute();
  return rows.map((row) => row.territory_code);
}

export async function findProgramme(db: Db, id: string, lock = false): Promise<ProgrammeRow | undefined> {
  let query = db.selectFrom('programmes').selectAll().where('id', '=', id);
  if (lock) query = query.forUpdate();
  return query.executeTakeFirst();
}

async function describeProgramme(db: Db, row: ProgrammeRow) {
  const [organisation, territories, commitments, quotas] = await Promise.all([
    db.selectFrom('organisations').select('name_fr').where('id', '=', row.organisation_id).executeTakeFirst(),
    db
      .selectFrom('programme_territories')
      .select('territory_code')
      .where('programme_id', '=', row.id)
      .orderBy('territory_code')
      .execute(),
    db
      .selectFrom('programme_commitments')
      .select('commitment_id')
      .where('programme_id', '=', row.id)
      .orderBy('commitment_id')
      .execute(),
    db
      .selectFrom('programme_quotas')
      .selectAll()
      .where('programme_id', '=', row.id)
      .orderBy('period')
      .orderBy('territory_code')
      .execute(),
  ]);
  return {
    id: row.id,
    reference: row.reference,
    organisationId: row.organisation_id,
    organisationName: organisation?.name_fr ?? '',
    kind: row.kind,
    subkind: row.subkind,
    titleFr: row.title_fr,
    titleAr: row.title_ar,
    titleEn: row.title_en,
    description: row.description,
    budgetCentimes: row.budget_centimes === null ? null : Number(row.budget_centimes),
    capacity: row.capacity,
    scope: row.scope,
    territoryCodes: territories.map((t) => t.territory_code),
    commitmentIds: commitments.map((c) => c.commitment_id),
    materialSource: row.material_source,
    material: row.material,
    unit: row.unit,
    startsOn: row.starts_on,
    endsOn: row.ends_on,
    status: row.status,
    quotas: quotas.map((q) => ({
      id: q.id,
      period: q.period,
      territoryCode: q.territory_code,
      quantity: Number(q.quantity),
      allocated: Number(q.allocated),
      unit: q.unit,
    })),
    version: row.version,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}
export type Programme = Awaited<ReturnType<typeof describeProgramme>>;

interface ProgrammeShape {
  kind: string;
  material_source: string | null;
  material: string | null;
  unit: string | null;
  scope: 'national' | 'territories';
  starts_on: string | null;
  ends_on: string | null;
}

async function checkProgramme(
  db: Db,
  shape: ProgrammeShape,
  territoryCodes: string[] | undefined,
  commitmentIds: string[] | undefined,
): Promise<void> {
  const raw = shape.kind === 'raw_material';
  for (const [key, pointer] of [
    ['material_source', '/body/materialSource'],
    ['material', '/body/material'],
    ['unit', '/body/unit'],
  ] as const) {
    if (raw && shape[key] === null)
      throw unprocessable(pointer, 'a raw-material programme needs its source, material and unit');
    if (!raw && shape[key] !== null)
      throw unprocessable(pointer, 'only raw-material programmes have a source, material and unit');
  }
  if (shape.starts_on && shape.ends_on && shape.ends_on < shape.starts_on)
    throw unprocessable('/body/endsOn', 'ends before it starts');
  if (territoryCodes !== undefined) {
    if (shape.scope === 'national' && territoryCodes.length)
      throw unprocessable('/body/territoryCodes', 'a national programme lists no territories');
    if (shape.scope === 'territories' && territoryCodes.length === 0)
      throw unprocessable('/body/territoryCodes', 'list the regions or provinces of the programme');
    if (territoryCodes.length) {
      const known = new Set(
        (await db.selectFrom('territories').select('code').where('code', 'in', territoryCodes).execute()).map(
          (t) => t.code,
        ),
      );
      territoryCodes.forEach((code, i) => {
        if (!known.has(code)) throw unprocessable(`/body/territoryCodes/${i}`, `unknown territory ${code}`);
      });
    }
  }
  if (commitmentIds?.length) {
    const known = new Set(
      (await db.selectFrom('commitments').select('id').where('id', 'in', commitmentIds).execute()).map(
        (c) => c.id,
      ),
    );
    commitmentIds.forEach((id, i) => {
      if (!known.has(id)) throw unprocessable(`/body/commitmentIds/${i}`, `unknown commitment ${id}`);
    });
  }
}

async function writeProgrammeLinks(
  trx: Transaction<Database>,
  id: string,
  territoryCodes: string[] | undefined,
  commitmentIds: string[] | undefined,
  replace: boolean,
): Promise<void> {
  if (territoryCodes !== undefined) {
    if (replace) await trx.deleteFrom('programme_territories').where('programme_id', '=', id).execute();
    if (territoryCodes.length)
      await trx
        .insertInto('programme_territories')
        .values(territoryCodes.map((code) => ({ programme_id: id, territory_code: code })))
        .execute();
  }
  if (commitmentIds !== undefined) {
    if (replace) await trx.deleteFrom('programme_commitments').where('programme_id', '=', id).execute();
    if (commitmentIds.length)
      await trx
        .insertInto('programme_commitments')
        .values(commitmentIds.map((commitment) => ({ programme_id: id, commitment_id: commitment })))
        .execute();
  }
}

async function checkRunningOrganisation(
  db: Db,
  ctx: Context,
  organisationId: string | undefined,
): Promise<string> {
  const { principal } = ctx;
  if (principal.role === 'partner') {
    if (organisationId !== undefined && organisationId !== principal.organisationId)
      throw new AppError('FORBIDDEN', 'A partner creates programmes for its own organisation only');
    if (!principal.organisationId) throw new AppError('FORBIDDEN', 'Your account has no organisation');
    return principal.organisationId;
  }
  if (!organisationId)
    throw unprocessable('/body/organisationId', 'name the partner organisation that runs the programme');
  const organisation = await db
    .selectFrom('organisations')
    .select(['id', 'kind'])
    .where('id', '=', organisationId)
    .executeTakeFirst();
  if (!organisation) throw unprocessable('/body/organisationId', `unknown organisation ${organisationId}`);
  if (organisation.kind === 'actor')
    throw unprocessable('/body/organisationId', 'a programme is run by a partner, not by an actor');
  return organisation.id;
}

export async function createProgramme(
  db: Kysely<Database>,
  ctx: Context,
  input: ProgrammeCreate,
): Promise<Programme> {
  requirePermission(ctx, 'programmes:manage');
  const organisationId = await checkRunningOrganisation(db, ctx, input.organisationId);
  const territoryCodes = input.territoryCodes ?? [];
  const shape: ProgrammeShape = {
    kind: input.kind,
    material_source: input.materialSource ?? null,
    material: input.material?.trim() ?? null,
    unit: input.unit ?? null,
    scope: input.scope ?? (territoryCodes.length ? 'territories' : 'national'),
    starts_on: input.startsOn ?? null,
    ends_on: input.endsOn ?? null,
  };
  await checkProgramme(db, shape, territoryCodes, input.commitmentIds);
  try {
    return await db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('programmes')
        .values({
          reference: input.reference.trim(),
          organisation_id: organisationId,
          kind: input.kind,
          subkind: input.subkind ?? null,
          title_fr: input.titleFr.trim(),
          title_ar: input.titleAr?.trim() ?? null,
          title_en: input.titleEn?.trim() ?? null,
          description: input.description ?? null,
          budget_centimes: input.budgetCentimes ?? null,
          capacity: input.capacity ?? null,
          scope: shape.scope,
          material_source: input.materialSource ?? null,
          material: shape.material,
          unit: input.unit ?? null,
          starts_on: shape.starts_on,
          ends_on: shape.ends_on,
          status: input.status ?? 'draft',
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await writeProgrammeLinks(trx, row.id, territoryCodes, input.commitmentIds ?? [], false);
      const view = await describeProgramme(trx, row);
      await recordAudit(trx, ctx, {
        action: 'programme.created',
        entityType: 'programme',
        entityId: row.id,
        after: view,
      });
      return view;
    });
  } catch (error) {
    if (isUniqueViolation(error))
      throw fieldError(
        '/body/reference',
        `the reference "${input.reference}" is already used`,
        'IDENTIFIER_TAKEN',
      );
    throw error;
  }
}

export async function updateProgramme(
  db: Kysely<Database>,
  ctx: Context,
  id: string,
  patch: ProgrammeUpdate,
): Promise<Programme> {
  requirePermission(ctx, 'programmes:manage');
  try {
    return await db.transaction().execute(async (trx) => {
      const current = await findProgramme(trx, id, true);
      if (!current || !canSeeProgramme(ctx.principal, current)) throw notFound('Programme', id);
      if (!managesProgramme(ctx.principal, current))
        throw new AppError(
          'FORBIDDEN',
          'Only the organisation that runs the programme (or an administrator) may change it',
        );
      stale('programme', current.version, patch.version);
      if (patch.organisationId !== undefined && patch.organisationId !== current.organisation_id) {
        if (ctx.principal.role !== 'admin')
          throw new AppError('FORBIDDEN', 'Only an administrator moves a programme to another organisation');
        await checkRunningOrganisation(trx, ctx, patch.organisationId);
      }
      const shape: ProgrammeShape = {
        kind: patch.kind ?? current.kind,
        material_source: patch.materialSource === undefined ? current.material_source : patch.materialSource,
        material: patch.material === undefined ? current.material : (patch.material?.trim() ?? null),
        unit: patch.unit === undefined ? current.unit : patch.unit,
        scope: patch.scope ?? current.scope,
        starts_on: patch.startsOn === undefined ? current.starts_on : patch.startsOn,
        ends_on: patch.endsOn === undefined ? current.ends_on : patch.endsOn,
      };
      let territoryCodes = patch.territoryCodes;
      if (territoryCodes === undefined && patch.scope !== undefined && patch.scope !== current.scope)
        territoryCodes = patch.scope === 'national' ? [] : undefined;
      if (territoryCodes === undefined && shape.scope === 'territories' && current.scope === 'national')
        throw unprocessable('/body/territoryCodes', 'list the regions or provinces of the programme');
      await checkProgramme(trx, shape, territoryCodes, patch.commitmentIds);
      const before = await describeProgramme(trx, current);
      const row = await trx
        .updateTable('programmes')
        .set({
          ...(patch.reference !== undefined ? { reference: patch.reference.trim() } : {}),
          ...(patch.organisationId !== undefined ? { organisation_id: patch.organisationId } : {}),
          ...(patch.kind !== undefined ? { kind: patch.kind } : {}),
          ...(patch.subkind !== undefined ? { subkind: patch.subkind } : {}),
          ...(patch.titleFr !== undefined ? { title_fr: patch.titleFr.trim() } : {}),
          ...(patch.titleAr !== undefined ? { title_ar: patch.titleAr?.trim() ?? null } : {}),
          ...(patch.titleEn !== undefined ? { title_en: patch.titleEn?.trim() ?? null } : {}),
          ...(patch.description !== undefined ? { description: patch.description } : {}),
          ...(patch.budgetCentimes !== undefined ? { budget_centimes: patch.budgetCentimes } : {}),
          ...(patch.capacity !== undefined ? { capacity: patch.capacity } : {}),
          ...(patch.status !== undefined ? { status: patch.status } : {}),
          scope: shape.scope,
          material_source: shape.material_source as ProgrammeRow['material_source'],
          material: shape.material,
          unit: shape.unit as ProgrammeRow['unit'],
          starts_on: shape.starts_on,
          ends_on: shape.ends_on,
          version: sql`version + 1`,
          updated_at: new Date(),
        })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await writeProgrammeLinks(trx, id, territoryCodes, patch.commitmentIds, true);
      const view = await describeProgramme(trx, row);
      await recordAudit(trx, ctx, {
        action: 'programme.updated',
        entityType: 'programme',
        entityId: id,
        before,
        after: view,
      });
      return view;
    });
  } catch (error) {
    if (isUniqueViolation(error))
      throw fieldError(
        '/body/reference',
        `the reference "${patch.reference}" is already used`,
        'IDENTIFIER_TAKEN',
      );
    throw error;
  }
}

export async function deleteProgramme(db: Kysely<Database>, ctx: Context, id: string): Promise<void> {
  requirePermission(ctx, 'programmes:manage');
  await db.transaction().execute(async (trx) => {
    const current = await findProgramme(trx, id, true);
    if (!current || !canSeeProgramme(ctx.principal, current)) throw notFound('Programme', id);
    if (!managesProgramme(ctx.principal, current))
      throw new AppError(
        'FORBIDDEN',
        'Only the organisation that runs the programme (or an administrator) may delete it',
      );
    const calls = await trx
      .selectFrom('calls')
      .select('id')
      .where('programme_id', '=', id)
      .limit(1)
      .execute();
    const benefits = await trx
      .selectFrom('benefits')
      .select('id')
      .where('programme_id', '=', id)
      .limit(1)
      .execute();
    if (calls.length || benefits.length)
      throw new AppError(
        'PROGRAMME_IN_USE',
        'The programme has calls or benefits; close it instead (status closed)',
      );
    const before = await describeProgramme(trx, current);
    await trx.deleteFrom('programmes').where('id', '=', id).execute();
    await recordAudit(trx, ctx, {
      action: 'programme.deleted',
      entityType: 'programme',
      entityId: id,
      before,
    });
  });
}

export async function getProgramme(db: Kysely<Database>, ctx: Context, id: string): Promise<Programme> {
  const row = await findProgramme(db, id);
  if (!row || !canSeeProgramme(ctx.principal, row)) throw notFound('Programme', id);
  return describeProgramme(db, row);
}

export async function listProgrammes(
  db: Kysely<Database>,
  ctx: Context,
  filter: { kind?: string; organisationId?: string },
): Promise<Programme[]> {
  const { principal } = ctx;
  let query = db.selectFrom('programmes').selectAll().orderBy('reference');
  if (filter.kind) query = query.where('kind', '=', filter.kind as ProgrammeRow['kind']);
  if (filter.organisationId) query = query.where('organisation_id', '=', filter.organisationId);
  if (principal.role !== 'admin')
    query = query.where((eb) =>
      eb.or([
        eb('status', '<>', 'draft'),
        eb('organisation_id', '=', principal.role === 'partner' ? (principal.organisationId ?? null) : null),
      ]),
    );
  const rows = await query.limit(500).execute();
  const out: Programme[] = [];
  for (const row of rows) out.push(await describeProgramme(db, row));
  return out;
}

/** Adds or replaces the quantity of material available for a period and territory. */
export async function putQuota(
  db: Kysely<Database>,
  ctx: Context,
  programmeId: string,
  input: QuotaInputType,
): Promise<Programme> {
  requirePermission(ctx, 'programmes:manage');
  return db.transaction().execute(async (trx) => {
    const programme = await findProgramme(trx, programmeId, true);
    if (!programme || !canSeeProgramme(ctx.principal, programme)) throw notFound('Programme', programmeId);
    if (!managesProgramme(ctx.principal, programme))
      throw new AppError(
        'FORBIDDEN',
        'Only the organisation that runs the programme (or an administrator) sets its quotas',
      );
    if (programme.kind !== 'raw_material' || !programme.unit)
      throw unprocessable('/body', 'only raw-material programmes have quotas');
    if (isWholeUnit(programme.unit) && !Number.isInteger(input.quantity))
      throw unprocessable('/body/quantity', `${programme.unit} is counted in whole numbers`);
    if (Math.round(input.quantity * 1000) !== input.quantity * 1000)
      throw unprocessable('/body/quantity', 'at most three decimals');
    const territory = input.territoryCode ?? null;
    if (territory) {
      const known = await trx
        .selectFrom('territories')
        .select('code')
        .where('code', '=', territory)
        .executeTakeFirst();
      if (!known) throw unprocessable('/body/territoryCode', `unknown territory ${territory}`);
    }
    let existing = trx
      .selectFrom('programme_quotas')
      .selectAll()
      .where('programme_id', '=', programmeId)
      .where('period', '=', input.period);
    existing = territory
      ? existing.where('territory_code', '=', territory)
      : existing.where('territory_code', 'is', null);
    const current = await existing.forUpdate().executeTakeFirst();
    if (current) {
      if (input.quantity < Number(current.allocated))
        throw unprocessable(
          '/body/quantity',
          `${current.allocated} ${programme.unit} are already allocated from this quota; it cannot go below that`,
        );
      await trx
        .updateTable('programme_quotas')
        .set({ quantity: input.quantity, version: sql`version + 1`, updated_at: new Date() })
        .where('id', '=', current.id)
        .execute();
    } else {
      await trx
        .insertInto('programme_quotas')
        .values({
          programme_id: programmeId,
          unit: programme.unit,
          period: input.period,
          territory_code: territory,
          quantity: input.quantity,
        })
        .execute();
    }
    await recordAudit(trx, ctx, {
      action: 'programme.quota_set',
      entityType: 'programme',
      entityId: programmeId,
      before: current
        ? {
            period: current.period,
            territoryCode: current.territory_code,
            quantity: Number(current.quantity),
          }
        : null,
      after: {
        period: input.period,
        territoryCode: territory,
        quantity: input.quantity,
        unit: programme.unit,
      },
    });
    return describeProgramme(trx, programme);
  });
}

// ---- calls

export function describeCall(row: CallRow, programme: ProgrammeRow, now = new Date()) {
  const opensAt = new Date(row.opens_at);
  const closesAt = new Date(row.closes_at);
  return {
    id: row.id,
    programmeId: row.programme_id,
    programmeReference: programme.reference,
    programmeKind: programme.kind,
    organisationId: programme.organisation_id,
    reference: row.reference,
    titleFr: row.title_fr,
    titleAr: row.title_ar,
    titleEn: row.title_en,
    description: row.description,
    opensAt: opensAt.toISOString(),
    closesAt: closesAt.toISOString(),
    open: row.status === 'published' && opensAt <= now && now < closesAt,
    eligibilityRules: row.eligibility_rules,
    formFields: row.form_fields as FormFieldType[],
    scoringGrid: row.scoring_grid as CriterionType[],
    reservedShares: row.reserved_shares as ReservedShareType[],
    budgetCentimes: row.budget_centimes === null ? null : Number(row.budget_centimes),
    capacity: row.capacity,
    allocatedCentimes: Number(row.allocated_centimes),
    allocatedSeats: row.allocated_seats,
    quotaPeriod: row.quota_period,
    evaluatorsPerApplication: row.evaluators_per_application,
    appealDays: row.appeal_days,
    status: row.status,
    version: row.version,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}
export type Call = ReturnType<typeof describeCall>;

/**
 * The regions, provinces, branches and activities the rules name must exist (a typo would silently
 * admit nobody): 422 RULES_INVALID with a pointer to each unknown code.
 */
async function checkRuleCodes(
  db: Db,
  input: Pick<CallCreate, 'eligibilityRules' | 'reservedShares'>,
): Promise<void> {
  const named = [
    ...(input.eligibilityRules !== undefined
      ? codesNamed(input.eligibilityRules as Rule, '/body/eligibilityRules')
      : []),
    ...(input.reservedShares ?? []).flatMap((share, i) =>
      codesNamed(share.rule as Rule, `/body/reservedShares/${i}/rule`),
    ),
  ];
  if (named.length === 0) return;
  const codes = (fields: string[]) => [
    ...new Set(named.filter((n) => fields.includes(n.field)).map((n) => n.code)),
  ];
  const territoryCodes = codes(['region', 'province']);
  const branchCodes = codes(['branch']);
  const activityCodes = codes(['activity']);
  const [territories, branches, activities] = await Promise.all([
    territoryCodes.length
      ? db.selectFrom('territories').select(['code', 'level']).where('code', 'in', territoryCodes).execute()
      : [],
    branchCodes.length
      ? db.selectFrom('craft_branches').select('code').where('code', 'in', branchCodes).execute()
      : [],
    activityCodes.length
      ? db.selectFrom('craft_activities').select('code').where('code', 'in', activityCodes).execute()
      : [],
  ]);
  const known = {
    region: new Set(territories.filter((t) => t.level === 'region').map((t) => t.code)),
    province: new Set(territories.filter((t) => t.level !== 'region').map((t) => t.code)),
    branch: new Set(branches.map((b) => b.code)),
    activity: new Set(activities.map((a) => a.code)),
  };
  const errors: FieldError[] = named
    .filter((n) => !known[n.field].has(n.code))
    .map((n) => ({ pointer: n.pointer, detail: `unknown ${n.field} ${n.code}` }));
  if (errors.length)
    throw new AppError(
      'RULES_INVALID',
      `The eligibility rules name ${errors.length} unknown code(s): ${errors[0]?.detail}`,
      {
        errors,
      },
    );
}

/** The rules, form, grid and shares of a call: every problem at once, with pointers into the body. */
function checkCallContent(
  input: Pick<CallCreate, 'eligibilityRules' | 'formFields' | 'scoringGrid' | 'reservedShares'>,
): void {
  const errors: FieldError[] = [];
  if (input.eligibilityRules !== undefined)
    errors.push(...validateRule(input.eligibilityRules, '/body/eligibilityRules'));
  (input.reservedShares ?? []).forEach((share, i) => {
    errors.push(...validateRule(share.rule, `/body/reservedShares/${i}/rule`));
  });
  if (errors.length)
    throw new AppError(
      'RULES_INVALID',
      `The eligibility rules have ${errors.length} problem(s): ${errors[0]?.pointer} ${errors[0]?.detail}`,
      {
        errors,
      },
    );
  const duplicates = (items: { code: string }[] | undefined, pointer: string) => {
    const seen = new Set<string>();
    (items ?? []).forEach((item, i) => {
      if (seen.has(item.code))
        throw unprocessable(`${pointer}/${i}/code`, `the code ${item.code} is used twice`);
      seen.add(item.code);
    });
  };
  duplicates(input.formFields, '/body/formFields');
  duplicates(input.scoringGrid, '/body/scoringGrid');
  duplicates(input.reservedShares, '/body/reservedShares');
  (input.formFields ?? []).forEach((field, i) => {
    if (field.type === 'choice' && !field.options?.length)
      throw unprocessable(`/body/formFields/${i}/options`, 'a choice lists its options');
    if (field.min !== undefined && field.max !== undefined && field.max < field.min)
      throw unprocessable(`/body/formFields/${i}/max`, 'is below min');
  });
  (input.reservedShares ?? []).forEach((share, i) => {
    // The selection honours hundredths of a percent (12.5 %) exactly; a finer share would be
    // silently rounded, so it is refused.
    if (Math.abs(share.minShare * 10_000 - Math.round(share.minShare * 10_000)) > 1e-6)
      throw unprocessable(
        `/body/reservedShares/${i}/minShare`,
        'at most two decimals of a percent (e.g. 0.125 for 12.5 %)',
      );
  });
  const shares = (input.reservedShares ?? []).reduce((sum, share) => sum + share.minShare, 0);
  if (shares > 1 + 1e-9) {
    // Shares may overlap (a woman-led cooperative of young people counts for both), so their sum
    // above 100 % is allowed only when one applicant can count for several; it is refused plainly.
    throw unprocessable('/body/reservedShares', 'the reserved shares add up to more than 100 %');
  }
}

async function checkCallLimits(
  db: Db,
  programme: ProgrammeRow,
  budget: number | null,
  capacity: number | null,
  quotaPeriod: string | null,
  excludeCall: string | null,
): Promise<void> {
  if (budget !== null && programme.budget_centimes !== null) {
    let others = db
      .selectFrom('calls')
      .select(sql<number>`coalesce(sum(budget_centimes), 0)::bigint`.as('total'))
      .where('programme_id', '=', programme.id)
      .where('status', '<>', 'cancelled');
    if (excludeCall) others = others.where('id', '<>', excludeCall);
    const row = await others.executeTakeFirstOrThrow();
    const total = Number(row.total) + budget;
    if (total > Number(programme.budget_centimes))
      throw unprocessable(
        '/body/budgetCentimes',
        `the programme's calls would total ${total} centimes, above its budget of ${programme.budget_centimes}`,
      );
  }
  if (capacity !== null && programme.capacity !== null && capacity > programme.capacity)
    throw unprocessable('/body/capacity', `above the programme's capacity of ${programme.capacity}`);
  if (quotaPeriod !== null && programme.kind !== 'raw_material')
    throw unprocessable('/body/quotaPeriod', 'only raw-material programmes have quotas');
}

export async function findCall(db: Db, id: string, lock = false): Promise<CallRow | undefined> {
  let query = db.selectFrom('calls').selectAll().where('id', '=', id);
  if (lock) query = query.forUpdate();
  return query.executeTakeFirst();
}

/** Drafts are seen by those who manage the programme; published calls by everyone. */
export function canSeeCall(principal: Principal, call: CallRow, programme: ProgrammeRow): boolean {
  return call.status !== 'draft' || managesProgramme(principal, programme);
}

async function loadVisibleCall(db: Db, ctx: Context, id: string, lock = false) {
  const call = await findCall(db, id, lock);
  if (!call) throw notFound('Call', id);
  const programme = await findProgramme(db, call.programme_id);
  if (!programme || !canSeeCall(ctx.principal, call, programme)) throw notFound('Call', id);
  return { call, programme };
}

export async function createCall(
  db: Kysely<Database>,
  ctx: Context,
  programmeId: string,
  input: CallCreate,
): Promise<Call> {
  requirePermission(ctx, 'programmes:manage');
  checkCallContent(input);
  await checkRuleCodes(db, input);
  if (new Date(input.closesAt) <= new Date(input.opensAt))
    throw unprocessable('/body/closesAt', 'closes at or before it opens');
  try {
    return await db.transaction().execute(async (trx) => {
      const programme = await findProgramme(trx, programmeId, true);
      if (!programme || !canSeeProgramme(ctx.principal, programme)) throw notFound('Programme', programmeId);
      if (!managesProgramme(ctx.principal, programme))
        throw new AppError(
          'FORBIDDEN',
          'Only the organisation that runs the programme (or an administrator) opens its calls',
        );
      await checkCallLimits(
        trx,
        programme,
        input.budgetCentimes ?? null,
        input.capacity ?? null,
        input.quotaPeriod ?? null,
        null,
      );
      const row = await trx
        .insertInto('calls')
        .values({
          programme_id: programmeId,
          reference: input.reference.trim(),
          title_fr: input.titleFr.trim(),
          title_ar: input.titleAr?.trim() ?? null,
          title_en: input.titleEn?.trim() ?? null,
          description: input.description ?? null,
          opens_at: input.opensAt,
          closes_at: input.closesAt,
          eligibility_rules: JSON.stringify(input.eligibilityRules ?? { all: [] }),
          form_fields: JSON.stringify(input.formFields ?? []),
          scoring_grid: JSON.stringify(input.scoringGrid ?? []),
          reserved_shares: JSON.stringify(input.reservedShares ?? []),
          budget_centimes: input.budgetCentimes ?? null,
          capacity: input.capacity ?? null,
          quota_period: input.quotaPeriod ?? null,
          ...(input.evaluatorsPerApplication !== undefined
            ? { evaluators_per_application: input.evaluatorsPerApplication }
            : {}),
          ...(input.appealDays !== undefined ? { appeal_days: input.appealDays } : {}),
          status: input.status ?? 'draft',
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      const view = describeCall(row, programme);
      await recordAudit(trx, ctx, {
        action: 'call.created',
        entityType: 'call',
        entityId: row.id,
        after: view,
      });
      return view;
    });
  } catch (error) {
    if (isUniqueViolation(error))
      throw fieldError(
        '/body/reference',
        `the reference "${input.reference}" is already used in this programme`,
        'IDENTIFIER_TAKEN',
      );
    throw error;
  }
}

export async function updateCall(
  db: Kysely<Database>,
  ctx: Context,
  id: string,
  patch: CallUpdate,
): Promise<Call> {
  requirePermission(ctx, 'programmes:manage');
  checkCallContent(patch);
  await checkRuleCodes(db, patch);
  try {
    return await db.transaction().execute(async (trx) => {
      const { call, programme } = await loadVisibleCall(trx, ctx, id, true);
      if (!managesProgramme(ctx.principal, programme))
        throw new AppError(
          'FORBIDDEN',
          'Only the organisation that runs the programme (or an administrator) changes its calls',
        );
      stale('call', call.version, patch.version);
      const opensAt = patch.opensAt ?? call.opens_at;
      const closesAt = patch.closesAt ?? call.closes_at;
      if (new Date(closesAt) <= new Date(opensAt))
        throw unprocessable('/body/closesAt', 'closes at or before it opens');
      const rulesChange =
        patch.eligibilityRules !== undefined ||
        patch.formFields !== undefined ||
        patch.scoringGrid !== undefined;
      if (rulesChange) {
        const applied = await trx
          .selectFrom('applications')
          .select('id')
          .where('call_id', '=', id)
          // Drafts do not freeze the call (its manager cannot see them; their submission checks the form then).
          .where('status', '!=', 'draft')
          .limit(1)
          .execute();
        if (applied.length)
          throw new AppError(
            'CALL_HAS_APPLICATIONS',
            'Applications were already made under these rules, form and grid; they can no longer change',
          );
      }
      const budget = patch.budgetCentimes === undefined ? call.budget_centimes : patch.budgetCentimes;
      const capacity = patch.capacity === undefined ? call.capacity : patch.capacity;
      const quotaPeriod = patch.quotaPeriod === undefined ? call.quota_period : patch.quotaPeriod;
      await checkCallLimits(
        trx,
        programme,
        budget === null ? null : Number(budget),
        capacity,
        quotaPeriod,
        id,
      );
      if (budget !== null && Number(budget) < Number(call.allocated_centimes))
        throw unprocessable(
          '/body/budgetCentimes',
          `${call.allocated_centimes} centimes are already allocated`,
        );
      if (capacity !== null && capacity < call.allocated_seats)
        throw unprocessable('/body/capacity', `${call.allocated_seats} seats are already allocated`);
      const before = describeCall(call, programme);
      const row = await trx
        .updateTable('calls')
        .set({
          ...(patch.reference !== undefined ? { reference: patch.reference.trim() } : {}),
          ...(patch.titleFr !== undefined ? { title_fr: patch.titleFr.trim() } : {}),
          ...(patch.titleAr !== undefined ? { title_ar: patch.titleAr?.trim() ?? null } : {}),
          ...(patch.titleEn !== undefined ? { title_en: patch.titleEn?.trim() ?? null } : {}),
          ...(patch.description !== undefined ? { description: patch.description } : {}),
          opens_at: opensAt,
          closes_at: closesAt,
          ...(patch.eligibilityRules !== undefined
            ? { eligibility_rules: JSON.stringify(patch.eligibilityRules) }
            : {}),
          ...(patch.formFields !== undefined ? { form_fields: JSON.stringify(patch.formFields) } : {}),
          ...(patch.scoringGrid !== undefined ? { scoring_grid: JSON.stringify(patch.scoringGrid) } : {}),
          ...(patch.reservedShares !== undefined
            ? { reserved_shares: JSON.stringify(patch.reservedShares) }
            : {}),
          budget_centimes: budget,
          capacity,
          quota_period: quotaPeriod,
          ...(patch.evaluatorsPerApplication !== undefined
            ? { evaluators_per_application: patch.evaluatorsPerApplication }
            : {}),
          ...(patch.appealDays !== undefined ? { appeal_days: patch.appealDays } : {}),
          ...(patch.status !== undefined ? { status: patch.status } : {}),
          version: sql`version + 1`,
          updated_at: new Date(),
        })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      const view = describeCall(row, programme);
      await recordAudit(trx, ctx, {
        action: 'call.updated',
        entityType: 'call',
        entityId: id,
        before,
        after: view,
      });
      return view;
    });
  } catch (error) {
    if (isUniqueViolation(error))
      throw fieldError(
        '/body/reference',
        `the reference "${patch.reference}" is already used in this programme`,
        'IDENTIFIER_TAKEN',
      );
    throw error;
  }
}

export async function deleteCall(db: Kysely<Database>, ctx: Context, id: string): Promise<void> {
  requirePermission(ctx, 'programmes:manage');
  await db.transaction().execute(async (trx) => {
    const { call, programme } = await loadVisibleCall(trx, ctx, id, true);
    if (!managesProgramme(ctx.principal, programme))
      throw new AppError(
        'FORBIDDEN',
        'Only the organisation that runs the programme (or an administrator) deletes its calls',
      );
    const applied = await trx
      .selectFrom('applications')
      .select('id')
      .where('call_id', '=', id)
      .limit(1)
      .execute();
    if (applied.length)
      throw new AppError('CALL_HAS_APPLICATIONS', 'The call has applications; cancel it instead');
    await trx.deleteFrom('calls').where('id', '=', id).execute();
    await recordAudit(trx, ctx, {
      action: 'call.deleted',
      entityType: 'call',
      entityId: id,
      before: describeCall(call, programme),
    });
  });
}

export async function getCall(db: Kysely<Database>, ctx: Context, id: string): Promise<Call> {
  const { call, programme } = await loadVisibleCall(db, ctx, id);
  return describeCall(call, programme);
}

export async function listCalls(
  db: Kysely<Database>,
  ctx: Context,
  filter: { programmeId?: string; open?: boolean },
): Promise<Call[]> {
  let query = db
    .selectFrom('calls')
    .selectAll('calls')
    .innerJoin('programmes', 'programmes.id', 'calls.programme_id')
    .select(['programmes.organisation_id as p_org'])
    .orderBy('calls.opens_at', 'desc')
    .orderBy('calls.id');
  if (filter.programmeId) query = query.where('calls.programme_id', '=', filter.programmeId);
  if (filter.open) {
    const now = new Date();
    query = query
      .where('calls.status', '=', 'published')
      .where('calls.opens_at', '<=', now)
      .where('calls.closes_at', '>', now);
  }
  const { principal } = ctx;
  if (principal.role !== 'admin')
    query = query.where((eb) =>
      eb.or([
        eb('calls.status', '<>', 'draft'),
        eb(
          'programmes.organisation_id',
          '=',
          principal.role === 'partner' ? (principal.organisationId ?? null) : null,
        ),
      ]),
    );
  const rows = await query.limit(500).execute();
  const programmes = new Map<string, ProgrammeRow>();
  const out: Call[] = [];
  for (const row of rows) {
    let programme = programmes.get(row.programme_id);
    if (!programme) {
      programme = await findProgramme(db, row.programme_id);
      if (!programme) continue;
      programmes.set(programme.id, programme);
    }
    out.push(describeCall(row, programme));
  }
  return out;
}

/** How many registry actors the call's rules (or rules being written) admit now, with a sample. */
export async function previewCall(
  db: Kysely<Database>,
  ctx: Context,
  id: string,
  body: { eligibilityRules?: unknown; sampleSize?: number },
) {
  requirePermission(ctx, 'programmes:manage');
  const { call, programme } = await loadVisibleCall(db, ctx, id);
  if (!managesProgramme(ctx.principal, programme))
    throw new AppError(
      'FORBIDDEN',
      'Only the organisation that runs the programme (or an administrator) previews its calls',
    );
  let rule = call.eligibility_rules as Rule;
  if (body.eligibilityRules !== undefined) {
    const errors = validateRule(body.eligibilityRules, '/body/eligibilityRules');
    if (errors.length)
      throw new AppError('RULES_INVALID', `The eligibility rules have ${errors.length} problem(s)`, {
        errors,
      });
    rule = body.eligibilityRules as Rule;
    await checkRuleCodes(db, { eligibilityRules: rule });
  }
  const asOf = new Date();
  const preview = await previewEligible(
    db,
    rule,
    asOf,
    body.sampleSize ?? 20,
    scopeRule(await programmeScopeCodes(db, programme)),
  );
  return {
    count: preview.count,
    asOf: asOf.toISOString(),
    sample: preview.sample.map((s) => ({
      id: s.id,
      name: s.name,
      kind: s.kind,
      provinceCode: s.province_code,
    })),
  };
}
