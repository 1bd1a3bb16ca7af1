import type { Insertable, Kysely, Transaction } from 'kysely';
import type { Database, IndicatorFactsTable } from '../../db/database.js';
import { AppError, notFound } from '../../shared/errors.js';
import { period as parsePeriodStrict } from '../../shared/periods.js';
import type { Context } from '../../shared/principal.js';
import { recordAudit } from '../audit/audit.service.js';
import * as repo from './reports.repository.js';
import { getReport, type ReportWithValues } from './reports.service.js';
import type { Cell } from './reports.values.js';

type Db = Kysely<Database>;

/**
 * Locks the report and checks it may be reviewed: a validated report is final (PERIOD_LOCKED),
 * a returned one waits for its owner's correction (REPORT_NOT_SUBMITTED), the version must be the
 * one the reviewer read.
 */
async function lockForReview(
  trx: Transaction<Database>,
  id: string,
  version: number,
): Promise<repo.ReportRow> {
  const current = await repo.lockReport(trx, id);
  if (!current) throw notFound('Report', id);
  if (current.status === 'validated') {
    throw new AppError('PERIOD_LOCKED', `Report ${id} is already validated: its period is locked`);
  }
  if (current.status !== 'submitted') {
    throw new AppError(
      'REPORT_NOT_SUBMITTED',
      `Report ${id} was returned to its organisation and waits for a correction`,
    );
  }
  if (current.version !== version) {
    throw new AppError(
      'STALE_VERSION',
      `The report is at version ${current.version}; you reviewed version ${version}. Reload it.`,
    );
  }
  return current;
}

/**
 * The facts of a validated report: one per cell, with the period's grain and first day, its
 * commitment and territory. Also used by the demo seed, which writes validated reports in bulk.
 */
export function factRows(
  report: Pick<
    repo.ReportRow,
    'id' | 'indicator_id' | 'commitment_id' | 'territory_code' | 'period' | 'is_demo'
  >,
  cells: Cell[],
): Insertable<IndicatorFactsTable>[] {
  const period = parsePeriodStrict(report.period);
  return cells.map((cell) => ({
    indicator_id: report.indicator_id,
    report_id: report.id,
    commitment_id: report.commitment_id,
    territory_code: report.territory_code,
    period_grain: period.grain,
    period_start: period.start,
    ...cell,
    is_demo: report.is_demo,
  }));
}

/**
 * Validates a submitted report: it becomes final, and its values are written as indicator facts in
 * the same transaction (one fact per cell, with the period's grain and first day). Facts written
 * here are never changed afterwards.
 */
export async function validateReport(
  db: Db,
  ctx: Context,
  id: string,
  version: number,
): Promise<ReportWithValues> {
  await getReport(db, ctx, id);
  await db.transaction().execute(async (trx) => {
    const current = await lockForReview(trx, id, version);
    const after = await trx
      .updateTable('indicator_reports')
      .set((eb) => ({
        status: 'validated',
        reviewed_by: ctx.principal.userId,
        reviewed_at: new Date(),
        version: eb('version', '+', 1),
      }))
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const cells = await repo.reportCells(trx, id);
    if (cells.length > 0) await trx.insertInto('indicator_facts').values(factRows(current, cells)).execute();
    await recordAudit(trx, ctx, {
      action: 'indicator_report.validated',
      entityType: 'indicator_report',
      entityId: id,
      before: current,
      after: { ...after, facts: cells.length },
    });
  });
  return getReport(db, ctx, id);
}

/** Returns a submitted report to its organisation with a comment saying what to correct. */
export async function returnReport(
  db: Db,
  ctx: Context,
  id: string,
  version: number,
  comment: string,
): Promise<ReportWithValues> {
  await getReport(db, ctx, id);
  const text = comment.trim();
  if (!text) {
    throw new AppError('VALIDATION_FAILED', 'Say what must be corrected', {
      errors: [{ pointer: '/body/comment', detail: 'is required' }],
    });
  }
  await db.transaction().execute(async (trx) => {
    const current = await lockForReview(trx, id, version);
    const after = await trx
      .updateTable('indicator_reports')
      .set((eb) => ({
        status: 'returned',
        review_comment: text,
        reviewed_by: ctx.principal.userId,
        reviewed_at: new Date(),
        version: eb('version', '+', 1),
      }))
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, ctx, {
      action: 'indicator_report.returned',
      entityType: 'indicator_report',
      entityId: id,
      before: current,
      after,
    });
  });
  return getReport(db, ctx, id);
}
