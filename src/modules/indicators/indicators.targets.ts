import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import { AppError, type FieldError, notFound } from '../../shared/errors.js';
import { periodError } from '../../shared/periods.js';
import type { Context } from '../../shared/principal.js';
import { type AuditEntry, recordAuditMany } from '../audit/audit.service.js';
import * as repo from './indicators.repository.js';
import type { IndicatorTargetRow, TargetInput, TargetListQuery } from './indicators.schemas.js';
import { getIndicator } from './indicators.service.js';

type Db = Kysely<Database>;

/** Baselines and targets anybody may read; those tied to an unpublished convention's commitment are hidden. */
export async function listTargets(
  db: Db,
  ctx: Context,
  idOrCode: string,
  query: TargetListQuery,
): Promise<IndicatorTargetRow[]> {
  const indicator = await getIndicator(db, idOrCode);
  return repo.listTargets(
    db,
    indicator.id,
    {
      kind: query.kind,
      territory: query.territory === 'national' ? null : query.territory,
      period: query.period,
      commitment: query.commitment,
    },
    ctx.principal,
  );
}

const keyOf = (row: {
  commitmentId: string | null;
  territoryCode: string | null;
  period: string;
  kind: string;
}) => `${row.commitmentId ?? ''}|${row.territoryCode ?? ''}|${row.period}|${row.kind}`;

/**
 * Writes baselines and targets for one indicator: each row is inserted, or updates the row with the
 * same commitment, territory, period and kind. Every row is checked first and all errors reported
 * together, located (`/body/targets/3/territoryCode`); one bad row and nothing is written.
 */
export async function upsertTargets(
  db: Db,
  ctx: Context,
  idOrCode: string,
  targets: TargetInput[],
  options: { isDemo?: boolean } = {},
): Promise<{ inserted: number; updated: number; items: IndicatorTargetRow[] }> {
  const indicator = await getIndicator(db, idOrCode);
  const territoryCodes = [
    ...new Set(targets.map((t) => t.territoryCode).filter((c): c is string => c !== null)),
  ];
  const territories = territoryCodes.length
    ? await db
        .selectFrom('territories')
        .select(['code', 'level'])
        .where('code', 'in', territoryCodes)
        .execute()
    : [];
  const levelOf = new Map(territories.map((t) => [t.code, t.level]));
  const commitmentIds = [
    ...new Set(targets.map((t) => t.commitmentId).filter((c): c is string => c !== null && c !== undefined)),
  ];
  const linked = new Set(
    commitmentIds.length
      ? (
          await db
            .selectFrom('commitment_indicators')
            .select('commitment_id')
            .where('indicator_id', '=', indicator.id)
            .where('commitment_id', 'in', commitmentIds)
            .execute()
        ).map((row) => row.commitment_id)
      : [],
  );
  const errors: FieldError[] = [];
  const seen = new Map<string, number>();
  targets.forEach((target, index) => {
    const at = `/body/targets/${index}`;
    const territory = target.territoryCode;
    if (territory !== null) {
      const level = levelOf.get(territory);
      if (!level) errors.push({ pointer: `${at}/territoryCode`, detail: `unknown territory ${territory}` });
      else if (level !== 'region' && level !== 'province') {
        errors.push({ pointer: `${at}/territoryCode`, detail: `${territory} is not a region or a province` });
      }
    }
    const badPeriod = periodError(target.period);
    if (badPeriod) errors.push({ pointer: `${at}/period`, detail: badPeriod });
    const commitmentId = target.commitmentId ?? null;
    if (commitmentId !== null && !linked.has(commitmentId)) {
      errors.push({
        pointer: `${at}/commitmentId`,
        detail: `indicator ${indicator.code} does not measure commitment ${commitmentId}`,
      });
    }
    if (!Number.isFinite(target.value) || target.value < 0) {
      errors.push({ pointer: `${at}/value`, detail: 'must be a number, zero or more' });
    } else if (indicator.unit === 'mad' && !Number.isInteger(target.value)) {
      errors.push({ pointer: `${at}/value`, detail: 'amounts in MAD are whole centimes' });
    }
    const key = keyOf({ ...target, commitmentId });
    const first = seen.get(key);
    if (first !== undefined) {
      errors.push({
        pointer: at,
        detail: `same territory, period, kind and commitment as /body/targets/${first}`,
      });
    } else seen.set(key, index);
  });
  if (errors.length > 0) {
    throw new AppError(
      'UNPROCESSABLE',
      `${errors.length} problem(s) in the targets; nothing was saved: ${errors
        .slice(0, 5)
        .map((e) => `${e.pointer} ${e.detail}`)
        .join('; ')}`,
      { errors },
    );
  }
  return db.transaction().execute(async (trx) => {
    const existing = await trx
      .selectFrom('indicator_targets')
      .selectAll()
      .where('indicator_id', '=', indicator.id)
      .forUpdate()
      .execute();
    const byKey = new Map(
      existing.map((row) => [
        keyOf({
          commitmentId: row.commitment_id,
          territoryCode: row.territory_code,
          period: row.period,
          kind: row.kind,
        }),
        row,
      ]),
    );
    const audit: AuditEntry[] = [];
    const items: IndicatorTargetRow[] = [];
    let inserted = 0;
    let updated = 0;
    for (const target of targets) {
      const commitmentId = target.commitmentId ?? null;
      const before = byKey.get(keyOf({ ...target, commitmentId }));
      if (before && Number(before.value) === target.value) {
        items.push(before);
        continue;
      }
      const after = before
        ? await trx
            .updateTable('indicator_targets')
            .set({ value: target.value, updated_at: new Date() })
            .where('id', '=', before.id)
            .returningAll()
            .executeTakeFirstOrThrow()
        : await trx
            .insertInto('indicator_targets')
            .values({
              indicator_id: indicator.id,
              commitment_id: commitmentId,
              territory_code: target.territoryCode,
              period: target.period,
              kind: target.kind,
              value: target.value,
              is_demo: options.isDemo ?? false,
            })
            .returningAll()
            .executeTakeFirstOrThrow();
      if (before) updated += 1;
      else inserted += 1;
      items.push(after);
      audit.push({
        action: before ? 'indicator_target.updated' : 'indicator_target.created',
        entityType: 'indicator_target',
        entityId: after.id,
        before: before ?? null,
        after,
      });
    }
    await recordAuditMany(trx, ctx, audit);
    return { inserted, updated, items };
  });
}

export async function deleteTarget(db: Db, ctx: Context, idOrCode: string, targetId: string): Promise<void> {
  const indicator = await getIndicator(db, idOrCode);
  const target = await repo.findTarget(db, targetId);
  if (!target || target.indicator_id !== indicator.id) throw notFound('Target', targetId);
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('indicator_targets').where('id', '=', targetId).execute();
    await recordAuditMany(trx, ctx, [
      {
        action: 'indicator_target.deleted',
        entityType: 'indicator_target',
        entityId: targetId,
        before: target,
      },
    ]);
  });
}
