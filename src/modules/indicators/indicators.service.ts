import type { Insertable, Kysely, Updateable } from 'kysely';
import type { Database, IndicatorsTable } from '../../db/database.js';
import { AppError, type FieldError, fieldError, notFound } from '../../shared/errors.js';
import type { Context } from '../../shared/principal.js';
import { recordAudit } from '../audit/audit.service.js';
import { canSeeCommitment, findCommitmentScope } from './indicators.commitments.js';
import * as repo from './indicators.repository.js';
import type {
  IndicatorCreate,
  IndicatorListQuery,
  IndicatorRow,
  IndicatorUpdate,
} from './indicators.schemas.js';

type Db = Kysely<Database>;

/** Definitions are public: anybody may read them, so dashboards can label what they show. */
export async function getIndicator(db: Db, idOrCode: string): Promise<IndicatorRow> {
  const row = await repo.findIndicator(db, idOrCode);
  if (!row) throw notFound('Indicator', idOrCode);
  return row;
}

export async function getIndicatorDetail(
  db: Db,
  ctx: Context,
  idOrCode: string,
): Promise<{ indicator: IndicatorRow; commitmentIds: string[] }> {
  const indicator = await getIndicator(db, idOrCode);
  return { indicator, commitmentIds: await repo.linkedCommitmentIds(db, ctx.principal, indicator.id) };
}

export async function listIndicators(db: Db, query: IndicatorListQuery) {
  return repo.listIndicators(
    db,
    { axis: query.axis, source: query.source, commitment: query.commitment, q: query.q },
    { limit: query.limit ?? 100, offset: query.offset ?? 0 },
  );
}

async function checkAxis(db: Db, axisCode: string | null | undefined): Promise<FieldError | null> {
  if (!axisCode) return null;
  const axis = await db
    .selectFrom('convention_axes')
    .select('code')
    .where('code', '=', axisCode)
    .executeTakeFirst();
  return axis ? null : { pointer: '/body/axisCode', detail: `unknown thematic axis ${axisCode}` };
}

async function assertCodeFree(db: Db, code: string, selfId: string | null): Promise<void> {
  const same = await repo.findIndicatorByCode(db, code);
  if (same && same.id !== selfId) {
    throw new AppError('CODE_TAKEN', `The code ${code} is already used by another indicator`, {
      errors: [{ pointer: '/body/code', detail: `already used by indicator ${same.id}` }],
    });
  }
}

/** A concurrent insert of the same code loses at the unique index: report it like the pre-check. */
function codeTakenOnRace(error: unknown, code: string): never {
  if ((error as { code?: string }).code === '23505') {
    throw new AppError('CODE_TAKEN', `The code ${code} is already used by another indicator`, {
      errors: [{ pointer: '/body/code', detail: 'already used' }],
    });
  }
  throw error;
}

/**
 * Defines a reported indicator. Computed indicators are defined in code by the analytics module
 * (a `computed_key`), never here: asking for one is refused.
 */
export async function createIndicator(
  db: Db,
  ctx: Context,
  input: IndicatorCreate,
  options: { isDemo?: boolean } = {},
): Promise<IndicatorRow> {
  if (input.source === 'computed') {
    throw new AppError(
      'INDICATOR_COMPUTED',
      'Computed indicators are defined in code by the analytics module, not through this API',
      { errors: [{ pointer: '/body/source', detail: "only 'reported' indicators are created here" }] },
    );
  }
  const axisError = await checkAxis(db, input.axisCode);
  if (axisError) throw new AppError('UNPROCESSABLE', axisError.detail, { errors: [axisError] });
  await assertCodeFree(db, input.code, null);
  const row: Insertable<IndicatorsTable> = {
    code: input.code,
    name_fr: input.nameFr.trim(),
    name_ar: input.nameAr.trim(),
    name_en: input.nameEn.trim(),
    description_fr: input.descriptionFr ?? null,
    description_ar: input.descriptionAr ?? null,
    description_en: input.descriptionEn ?? null,
    unit: input.unit,
    aggregation: input.aggregation,
    temporal: input.temporal ?? 'flow',
    disaggregations: input.disaggregations ?? [],
    source: 'reported',
    computed_key: null,
    axis_code: input.axisCode ?? null,
    is_demo: options.isDemo ?? false,
  };
  return db
    .transaction()
    .execute(async (trx) => {
      const created = await repo.insertIndicator(trx, row);
      await recordAudit(trx, ctx, {
        action: 'indicator.created',
        entityType: 'indicator',
        entityId: created.id,
        after: created,
      });
      return created;
    })
    .catch((error: unknown) => codeTakenOnRace(error, input.code));
}

/**
 * Changes a reported indicator's definition. Once values exist (reports or facts), what gives them
 * meaning — unit, aggregation, temporal rule, disaggregations — is fixed: changing it would silently
 * reinterpret validated values.
 */
export async function updateIndicator(
  db: Db,
  ctx: Context,
  idOrCode: string,
  patch: IndicatorUpdate,
): Promise<IndicatorRow> {
  const current = await getIndicator(db, idOrCode);
  if (current.source === 'computed') {
    throw new AppError(
      'INDICATOR_COMPUTED',
      `Indicator ${current.code} is computed from the platform's data; its definition lives in code`,
    );
  }
  if (patch.version !== current.version) {
    throw new AppError(
      'STALE_VERSION',
      `The indicator is at version ${current.version}; you edited version ${patch.version}. Reload it.`,
    );
  }
  const changes: Updateable<IndicatorsTable> = {};
  if (patch.code !== undefined && patch.code !== current.code) {
    await assertCodeFree(db, patch.code, current.id);
    changes.code = patch.code;
  }
  if (patch.nameFr !== undefined) changes.name_fr = patch.nameFr.trim();
  if (patch.nameAr !== undefined) changes.name_ar = patch.nameAr.trim();
  if (patch.nameEn !== undefined) changes.name_en = patch.nameEn.trim();
  if (patch.descriptionFr !== undefined) changes.description_fr = patch.descriptionFr;
  if (patch.descriptionAr !== undefined) changes.description_ar = patch.descriptionAr;
  if (patch.descriptionEn !== undefined) changes.description_en = patch.descriptionEn;
  if (patch.axisCode !== undefined) {
    const axisError = await checkAxis(db, patch.axisCode);
    if (axisError) throw new AppError('UNPROCESSABLE', axisError.detail, { errors: [axisError] });
    changes.axis_code = patch.axisCode;
  }
  const shapeChanged: string[] = [];
  if (patch.unit !== undefined && patch.unit !== current.unit) {
    changes.unit = patch.unit;
    shapeChanged.push('unit');
  }
  if (patch.aggregation !== undefined && patch.aggregation !== current.aggregation) {
    changes.aggregation = patch.aggregation;
    shapeChanged.push('aggregation');
  }
  if (patch.temporal !== undefined && patch.temporal !== current.temporal) {
    changes.temporal = patch.temporal;
    shapeChanged.push('temporal');
  }
  if (
    patch.disaggregations !== undefined &&
    [...patch.disaggregations].sort().join() !== [...current.disaggregations].sort().join()
  ) {
    changes.disaggregations = patch.disaggregations;
    shapeChanged.push('disaggregations');
  }
  if (shapeChanged.length > 0 && (await repo.indicatorHasData(db, current.id))) {
    throw new AppError(
      'INDICATOR_IN_USE',
      `Indicator ${current.code} already has reported values: its ${shapeChanged.join(', ')} can no longer change (define a new indicator instead)`,
      {
        errors: shapeChanged.map((field) => ({
          pointer: `/body/${field}`,
          detail: 'fixed once values exist',
        })),
      },
    );
  }
  return db
    .transaction()
    .execute(async (trx) => {
      // The version is checked again under the row lock, so two concurrent edits cannot both win.
      const locked = await trx
        .selectFrom('indicators')
        .select('version')
        .where('id', '=', current.id)
        .forUpdate()
        .executeTakeFirstOrThrow();
      if (locked.version !== patch.version) {
        throw new AppError(
          'STALE_VERSION',
          `The indicator changed meanwhile (now version ${locked.version}). Reload it.`,
        );
      }
      const after = await repo.updateIndicatorRow(trx, current.id, changes);
      await recordAudit(trx, ctx, {
        action: 'indicator.updated',
        entityType: 'indicator',
        entityId: current.id,
        before: current,
        after,
      });
      return after;
    })
    .catch((error: unknown) => codeTakenOnRace(error, patch.code ?? current.code));
}

/**
 * Sets which indicators measure a commitment (the whole list). An indicator that already has
 * reports under the commitment cannot be unlinked: its reports refer to the link.
 */
export async function setCommitmentIndicators(
  db: Db,
  ctx: Context,
  commitmentId: string,
  indicatorIds: string[],
): Promise<string[]> {
  const commitment = await findCommitmentScope(db, commitmentId);
  if (!commitment || !canSeeCommitment(ctx.principal, commitment)) throw notFound('Commitment', commitmentId);
  const errors: FieldError[] = [];
  const found = indicatorIds.length
    ? await db.selectFrom('indicators').select('id').where('id', 'in', indicatorIds).execute()
    : [];
  const known = new Set(found.map((row) => row.id));
  indicatorIds.forEach((id, index) => {
    if (!known.has(id))
      errors.push({ pointer: `/body/indicatorIds/${index}`, detail: `unknown indicator ${id}` });
  });
  if (errors.length > 0) throw new AppError('UNPROCESSABLE', 'Some indicators do not exist', { errors });
  const before = await repo.indicatorIdsOfCommitment(db, commitmentId);
  const wanted = new Set(indicatorIds);
  const removed = before.filter((id) => !wanted.has(id));
  const added = indicatorIds.filter((id) => !before.includes(id));
  if (removed.length > 0) {
    const used = await db
      .selectFrom('indicator_reports')
      .innerJoin('indicators', 'indicators.id', 'indicator_reports.indicator_id')
      .select('indicators.code')
      .distinct()
      .where('indicator_reports.commitment_id', '=', commitmentId)
      .where('indicator_reports.indicator_id', 'in', removed)
      .execute();
    if (used.length > 0) {
      throw new AppError(
        'INDICATOR_IN_USE',
        `Reports exist under this commitment for ${used.map((u) => u.code).join(', ')}: keep them linked`,
        {
          errors: [
            { pointer: '/body/indicatorIds', detail: `cannot unlink ${used.map((u) => u.code).join(', ')}` },
          ],
        },
      );
    }
  }
  if (added.length === 0 && removed.length === 0) return before;
  await db.transaction().execute(async (trx) => {
    if (removed.length > 0) {
      await trx
        .deleteFrom('commitment_indicators')
        .where('commitment_id', '=', commitmentId)
        .where('indicator_id', 'in', removed)
        .execute();
    }
    if (added.length > 0) {
      await trx
        .insertInto('commitment_indicators')
        .values(added.map((indicatorId) => ({ commitment_id: commitmentId, indicator_id: indicatorId })))
        .onConflict((oc) => oc.doNothing())
        .execute();
    }
    await recordAudit(trx, ctx, {
      action: 'commitment.indicators_set',
      entityType: 'commitment',
      entityId: commitmentId,
      before: { indicator_ids: before },
      after: { indicator_ids: [...indicatorIds].sort(), added, removed },
    });
  });
  return repo.indicatorIdsOfCommitment(db, commitmentId);
}

/** Raises the field error for a missing link (used by targets and reports). */
export function notLinked(pointer: string, indicatorCode: string, commitmentId: string): AppError {
  return fieldError(
    pointer,
    `indicator ${indicatorCode} does not measure commitment ${commitmentId}: link it first`,
    'UNPROCESSABLE',
  );
}
