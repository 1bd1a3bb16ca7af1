import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from '../../db/database.js';
import { AppError, type FieldError, notFound } from '../../shared/errors.js';
import { parsePeriod, periodError } from '../../shared/periods.js';
import type { Context, Principal } from '../../shared/principal.js';
import { recordAudit } from '../audit/audit.service.js';
import { findStoredFile, readStoredFile, type StoredFile, storePdf } from '../files/files.service.js';
import { type CommitmentScope, findCommitmentScope, territoryInScope } from './indicators.commitments.js';
import * as indicatorsRepo from './indicators.repository.js';
import type { IndicatorRow } from './indicators.schemas.js';
import * as repo from './reports.repository.js';
import type { ReportCorrection, ReportListQuery, ReportSubmission } from './reports.schemas.js';
import { type Cell, checkCells } from './reports.values.js';

type Db = Kysely<Database>;

/** The evidence PDF sent with a report: its bytes and the name the uploader gave. */
export interface EvidenceUpload {
  bytes: Uint8Array;
  filename: string;
}

export interface ReportWithValues {
  report: repo.ReportView;
  cells: Cell[];
  evidence: { id: string; originalName: string; sizeBytes: number; sha256: string } | null;
}

const unprocessable = (errors: FieldError[], what = 'The report cannot be accepted') =>
  new AppError(
    'UNPROCESSABLE',
    `${what}: ${errors
      .slice(0, 5)
      .map((e) => `${e.pointer} ${e.detail}`)
      .join('; ')}`,
    { errors },
  );

/**
 * Only the organisation that made a commitment reports on it (administrators may enter values on
 * its behalf). Anyone else is refused with a message that says why.
 */
function assertOwner(
  principal: Principal,
  commitment: CommitmentScope,
  reportId: string | null = null,
): void {
  if (principal.role === 'admin') return;
  if (principal.role === 'partner' && principal.organisationId === commitment.organisationId) return;
  if (reportId) {
    throw new AppError(
      'FORBIDDEN',
      `Report ${reportId} belongs to another organisation: only the organisation that made the commitment corrects it`,
    );
  }
  throw new AppError(
    'FORBIDDEN',
    `Commitment ${commitment.id} belongs to another organisation: you may report only on your own organisation's commitments`,
    { errors: [{ pointer: '/body/commitmentId', detail: 'not a commitment of your organisation' }] },
  );
}

function assertReported(indicator: IndicatorRow): void {
  if (indicator.source === 'computed') {
    throw new AppError(
      'INDICATOR_COMPUTED',
      `Indicator ${indicator.code} is computed from the platform's own data; it is never typed in`,
      { errors: [{ pointer: '/body/indicatorId', detail: 'computed indicator' }] },
    );
  }
}

/**
 * The answer when a report already covers the ground: the same key → REPORT_EXISTS (correct that
 * one instead); an overlapping period or nested territory → the same, naming it; either way
 * PERIOD_LOCKED when that report is validated. The id is in the detail and at /body/period.
 */
function existingConflict(
  existing: repo.ReportRow,
  key: { territoryCode: string | null; period: string },
): AppError {
  const errors = [{ pointer: '/body/period', detail: `existing report ${existing.id}` }];
  const same = existing.period === key.period && existing.territory_code === key.territoryCode;
  const where = `${existing.period}, ${existing.territory_code ?? 'national'}`;
  if (existing.status === 'validated') {
    return new AppError(
      'PERIOD_LOCKED',
      same
        ? `Report ${existing.id} for this indicator, commitment, territory and period is validated: the period is locked`
        : `Validated report ${existing.id} (${where}) already covers this period and territory: the period is locked`,
      { errors },
    );
  }
  return new AppError(
    'REPORT_EXISTS',
    same
      ? `Report ${existing.id} already exists for this indicator, commitment, territory and period (${existing.status}): correct it instead`
      : `Report ${existing.id} (${where}, ${existing.status}) already covers this period and territory: values would be counted twice`,
    { errors },
  );
}

/** Where, when and what: territory in the commitment's scope, a past or current period inside its dates. */
async function checkWhereAndWhen(
  db: Db,
  commitment: CommitmentScope,
  territoryCode: string | null,
  periodText: string,
  today: string,
): Promise<FieldError[]> {
  const errors: FieldError[] = [];
  if (territoryCode !== null) {
    const territory = await db
      .selectFrom('territories')
      .select(['code', 'level'])
      .where('code', '=', territoryCode)
      .executeTakeFirst();
    if (!territory)
      errors.push({ pointer: '/body/territoryCode', detail: `unknown territory ${territoryCode}` });
    else if (territory.level !== 'region' && territory.level !== 'province') {
      errors.push({
        pointer: '/body/territoryCode',
        detail: `${territoryCode} is not a region or a province`,
      });
    }
  }
  if (errors.length === 0 && !territoryInScope(commitment, territoryCode)) {
    errors.push({
      pointer: '/body/territoryCode',
      detail:
        territoryCode === null
          ? `the commitment covers ${commitment.territories.join(', ')} only: give one of them (or a province inside a region)`
          : `${territoryCode} is outside the commitment's territories (${commitment.territories.join(', ')})`,
    });
  }
  const badPeriod = periodError(periodText);
  const period = parsePeriod(periodText);
  if (badPeriod || !period) errors.push({ pointer: '/body/period', detail: badPeriod ?? 'not a period' });
  else if (period.start > today) {
    errors.push({ pointer: '/body/period', detail: `${periodText} has not started yet` });
  } else if (
    (commitment.startsOn && period.end < commitment.startsOn) ||
    (commitment.endsOn && period.start > commitment.endsOn)
  ) {
    errors.push({
      pointer: '/body/period',
      detail: `${periodText} is outside the commitment's dates (${commitment.startsOn ?? '…'} to ${commitment.endsOn ?? '…'})`,
    });
  }
  return errors;
}

async function storeEvidence(
  trx: Transaction<Database>,
  ctx: Context,
  evidence: EvidenceUpload,
  maxBytes: number | undefined,
): Promise<string> {
  const stored = await storePdf(trx, ctx, {
    bytes: evidence.bytes,
    originalName: evidence.filename,
    createdBy: ctx.principal.userId,
    ...(maxBytes === undefined ? {} : { maxBytes }),
  });
  return stored.id;
}

/**
 * A partner submits values for one of its organisation's commitments, with an evidence PDF.
 * Everything is checked before anything is written; the file, the report, its values and the audit
 * entry are written in one transaction. A second report for the same indicator, commitment,
 * territory and period is refused (REPORT_EXISTS, or PERIOD_LOCKED when that one is validated).
 */
export async function submitReport(
  db: Db,
  ctx: Context,
  input: ReportSubmission,
  evidence: EvidenceUpload | null,
  options: { maxBytes?: number; isDemo?: boolean; today?: string } = {},
): Promise<ReportWithValues> {
  const commitment = await findCommitmentScope(db, input.commitmentId);
  if (!commitment) {
    throw unprocessable([
      { pointer: '/body/commitmentId', detail: `unknown commitment ${input.commitmentId}` },
    ]);
  }
  assertOwner(ctx.principal, commitment);
  const indicator = await indicatorsRepo.findIndicator(db, input.indicatorId);
  if (!indicator) {
    throw unprocessable([{ pointer: '/body/indicatorId', detail: `unknown indicator ${input.indicatorId}` }]);
  }
  assertReported(indicator);
  const errors: FieldError[] = [];
  if (!(await indicatorsRepo.isLinked(db, commitment.id, indicator.id))) {
    errors.push({
      pointer: '/body/indicatorId',
      detail: `indicator ${indicator.code} does not measure this commitment`,
    });
  }
  if (commitment.status === 'cancelled') {
    errors.push({ pointer: '/body/commitmentId', detail: 'the commitment is cancelled' });
  }
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  errors.push(...(await checkWhereAndWhen(db, commitment, input.territoryCode, input.period, today)));
  const checked = checkCells(indicator, input.values);
  errors.push(...checked.errors);
  if (errors.length > 0) throw unprocessable(errors);
  const key = {
    indicatorId: indicator.id,
    commitmentId: commitment.id,
    territoryCode: input.territoryCode,
    period: input.period,
  };
  const [existing] = await repo.findOverlappingReports(db, key);
  if (existing) throw existingConflict(existing, key);
  if (!evidence) {
    throw new AppError(
      'VALIDATION_FAILED',
      'An evidence PDF is required, in the multipart field "evidence"',
      {
        errors: [{ pointer: '/body/evidence', detail: 'is required' }],
      },
    );
  }
  let reportId: string;
  try {
    reportId = await db.transaction().execute(async (trx) => {
      // Submissions for one indicator and commitment queue here, so two overlapping ones (a month
      // and its quarter) cannot both pass the check above; the unique key covers identical ones.
      await sql`SELECT pg_advisory_xact_lock(hashtext(${`indicator_reports:${indicator.id}:${commitment.id}`}))`.execute(
        trx,
      );
      const [raced] = await repo.findOverlappingReports(trx, key);
      if (raced) throw existingConflict(raced, key);
      const fileId = await storeEvidence(trx, ctx, evidence, options.maxBytes);
      const report = await trx
        .insertInto('indicator_reports')
        .values({
          indicator_id: indicator.id,
          commitment_id: commitment.id,
          territory_code: input.territoryCode,
          period: input.period,
          status: 'submitted',
          evidence_file_id: fileId,
          note: input.note ?? null,
          submitted_by: ctx.principal.userId,
          is_demo: options.isDemo ?? false,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await repo.replaceCells(trx, report.id, checked.cells);
      await recordAudit(trx, ctx, {
        action: 'indicator_report.submitted',
        entityType: 'indicator_report',
        entityId: report.id,
        after: { ...report, values: checked.cells },
      });
      return report.id;
    });
  } catch (error) {
    // Two submissions at once: the unique key lets one in; the other gets the same answer as above.
    if ((error as { code?: string }).code === '23505') {
      const winner = await repo.findReportByKey(db, key);
      if (winner) throw existingConflict(winner, key);
    }
    throw error;
  }
  return getReportUnchecked(db, reportId);
}

/**
 * The owner corrects a submitted or returned report: new values (and note, and evidence if a new
 * file is sent), status back to submitted, version + 1, same row. A validated report is locked.
 */
export async function correctReport(
  db: Db,
  ctx: Context,
  id: string,
  input: ReportCorrection,
  evidence: EvidenceUpload | null,
  options: { maxBytes?: number } = {},
): Promise<ReportWithValues> {
  const view = await repo.findReportView(db, id, ctx.principal);
  if (!view) throw notFound('Report', id);
  const commitment = await findCommitmentScope(db, view.commitment_id);
  if (!commitment) throw notFound('Report', id);
  assertOwner(ctx.principal, commitment, id);
  const indicator = await indicatorsRepo.findIndicator(db, view.indicator_id);
  if (!indicator) throw notFound('Report', id);
  await db.transaction().execute(async (trx) => {
    const current = await repo.lockReport(trx, id);
    if (!current) throw notFound('Report', id);
    if (current.status === 'validated') {
      throw new AppError(
        'PERIOD_LOCKED',
        `Report ${id} is validated: its period is locked and its values final`,
      );
    }
    if (current.version !== input.version) {
      throw new AppError(
        'STALE_VERSION',
        `The report is at version ${current.version}; you edited version ${input.version}. Reload it.`,
      );
    }
    const checked = checkCells(indicator, input.values);
    if (checked.errors.length > 0) throw unprocessable(checked.errors);
    const before = { ...current, values: await repo.reportCells(trx, id) };
    const fileId = evidence
      ? await storeEvidence(trx, ctx, evidence, options.maxBytes)
      : current.evidence_file_id;
    const after = await trx
      .updateTable('indicator_reports')
      .set((eb) => ({
        status: 'submitted',
        note: input.note === undefined ? current.note : input.note,
        evidence_file_id: fileId,
        submitted_by: ctx.principal.userId,
        submitted_at: new Date(),
        version: eb('version', '+', 1),
      }))
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await repo.replaceCells(trx, id, checked.cells);
    await recordAudit(trx, ctx, {
      action: 'indicator_report.corrected',
      entityType: 'indicator_report',
      entityId: id,
      before,
      after: { ...after, values: checked.cells },
    });
  });
  return getReportUnchecked(db, id);
}

async function getReportUnchecked(db: Db, id: string): Promise<ReportWithValues> {
  const report = await repo.findReportView(db, id, null);
  if (!report) throw notFound('Report', id);
  return withValues(db, report);
}

async function withValues(db: Db, report: repo.ReportView): Promise<ReportWithValues> {
  const cells = await repo.reportCells(db, report.id);
  const file = report.evidence_file_id ? await findStoredFile(db, report.evidence_file_id) : null;
  return {
    report,
    cells,
    evidence: file
      ? { id: file.id, originalName: file.originalName, sizeBytes: file.sizeBytes, sha256: file.sha256 }
      : null,
  };
}

/** One report with its values, if the caller may see it (a report out of reach answers as missing). */
export async function getReport(db: Db, ctx: Context, id: string): Promise<ReportWithValues> {
  const report = await repo.findReportView(db, id, ctx.principal);
  if (!report) throw notFound('Report', id);
  return withValues(db, report);
}

export async function listReports(db: Db, ctx: Context, query: ReportListQuery) {
  if (query.period) {
    const bad = periodError(query.period);
    if (bad)
      throw new AppError('VALIDATION_FAILED', bad, {
        errors: [{ pointer: '/querystring/period', detail: bad }],
      });
  }
  return repo.listReports(
    db,
    ctx.principal,
    {
      status: query.status,
      indicator: query.indicator,
      commitment: query.commitment,
      period: query.period,
      territory: query.territory,
    },
    { limit: query.limit ?? 50, offset: query.offset ?? 0 },
  );
}

/** The evidence file of a report the caller may see: its organisation, territorial users there, admins. */
export async function getEvidence(
  db: Db,
  ctx: Context,
  id: string,
): Promise<{ file: StoredFile; report: repo.ReportView }> {
  const report = await repo.findReportView(db, id, ctx.principal);
  if (!report) throw notFound('Report', id);
  const file = report.evidence_file_id ? await readStoredFile(db, report.evidence_file_id) : null;
  if (!file) throw new AppError('NOT_FOUND', `Report ${id} has no evidence file`);
  return { file, report };
}
