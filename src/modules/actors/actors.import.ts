import type { Kysely } from 'kysely';
import type { ActorRow, Database } from '../../db/database.js';
import { AppError } from '../../shared/errors.js';
import type { Context } from '../../shared/principal.js';
import { type Encoding, type RowProblem, readSource, type SourceRow } from './actors.import-read.js';
import { createRejects, type RejectsFile } from './actors.import-rejects.js';
import { type ColumnMapping, type ColumnPlan, convertRow, planColumns } from './actors.import-rows.js';
import { provinceNames } from './actors.import-values.js';
import {
  type BatchWrite,
  findByIdentity,
  identityKeys,
  identityOfColumns,
  identityOfFields,
  sameColumns,
  writeBatch,
} from './actors.import-write.js';
import { ACTOR_FIELDS, type ActorField, type ActorFields, COLUMN_OF } from './actors.schemas.js';
import { canSeeActor, isWithin } from './actors.scope.js';
import { type ActorReference, checkActor, emptyActorFields, loadActorReference } from './actors.validate.js';

export interface ImportOptions {
  mapping?: ColumnMapping;
  /** Check everything, match against the registry, write nothing. */
  dryRun?: boolean;
  /** Overrides the detected encoding of a CSV file. */
  encoding?: Encoding;
  /** Rows per transaction. */
  batchSize?: number;
  /** Called after each batch is written (awaited before the next is). */
  onProgress?: (progress: ImportCounts) => void | Promise<void>;
}

export interface ImportCounts {
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
}

/** A problem with a row: its number as the spreadsheet shows it, the file's header text, the reason. */
export interface ImportProblem {
  row: number;
  column: string | null;
  reason: string;
}

export interface ImportReport extends ImportCounts {
  format: 'csv' | 'xlsx';
  encoding: Encoding | null;
  delimiter: ',' | ';' | null;
  dryRun: boolean;
  errors: ImportProblem[];
  warnings: ImportProblem[];
}

export interface ImportResult {
  report: ImportReport;
  /** The rejected rows in the input's format with a `reason` column; null when none was rejected. */
  rejects: RejectsFile | null;
}

export const DEFAULT_BATCH_SIZE = 1000;

const fieldsOf = (row: ActorRow) =>
  Object.fromEntries(ACTOR_FIELDS.map((field) => [field, row[COLUMN_OF[field]]])) as ActorFields;

/** State kept across batches: which row first claimed each identity key, and which records were written. */
interface Run {
  db: Kysely<Database>;
  ctx: Context;
  reference: ActorReference;
  provinces: Map<string, string[]>;
  plan: ColumnPlan;
  dryRun: boolean;
  claimedBy: Map<string, number>;
  recordRow: Map<string, number>;
  report: ImportReport;
  reject(row: SourceRow, problems: RowProblem[]): void;
}

/**
 * Imports actors from a CSV or XLSX file: every row is read, converted and checked with the same
 * rules as the API (reference data loaded once); valid rows are inserted, or update the live record
 * they match by identifier, in batches of one transaction each; every refused row is reported with
 * its row number, column and reason, and written to a rejects file that can be fixed and imported
 * again. Importing the same file twice changes nothing the second time.
 */
export async function importActors(
  db: Kysely<Database>,
  ctx: Context,
  bytes: Buffer,
  options: ImportOptions = {},
): Promise<ImportResult> {
  const table = await readSource(bytes, options.encoding ? { encoding: options.encoding } : {});
  const plan = planColumns(table.headers, options.mapping);
  const reference = await loadActorReference(db);
  const rejects = createRejects(table);
  const report: ImportReport = {
    format: table.format,
    encoding: table.encoding,
    delimiter: table.delimiter,
    dryRun: options.dryRun ?? false,
    rows: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    rejected: 0,
    errors: [],
    warnings: [],
  };
  const run: Run = {
    db,
    ctx,
    reference,
    provinces: provinceNames(reference),
    plan,
    dryRun: report.dryRun,
    claimedBy: new Map(),
    recordRow: new Map(),
    report,
    reject(row, problems) {
      report.rejected += 1;
      for (const p of problems) report.errors.push({ row: row.row, column: p.column, reason: p.reason });
      rejects.add(row, problems.map((p) => (p.column ? `${p.column}: ${p.reason}` : p.reason)).join('; '));
    },
  };
  const size = options.batchSize ?? DEFAULT_BATCH_SIZE;
  // While one batch is written, the next is read, matched and checked: on a database server the two
  // use a core each. Batches are still written one after the other, in file order.
  let writing: Promise<void> = Promise.resolve();
  const next = async (rows: SourceRow[]) => {
    const prepared = await prepareBatch(run, rows).catch(async (error: unknown) => {
      await writing; // the earlier batch's failure, if any, comes first; never leave it running
      throw error;
    });
    await writing;
    writing = writePrepared(run, prepared).then(() => options.onProgress?.(counts(report)));
    // Surfaced by the next `await writing`; kept from being reported as unhandled meanwhile.
    writing.catch(() => {});
  };
  let batch: SourceRow[] = [];
  try {
    for await (const row of table.rows) {
      batch.push(row);
      if (batch.length >= size) {
        await next(batch);
        batch = [];
      }
    }
  } catch (error) {
    await writing; // a file unreadable further on: the batch being written ends first, as above
    throw withRowsImported(error, report);
  }
  if (batch.length > 0) await next(batch);
  await writing;
  if (report.rows === 0) await options.onProgress?.(counts(report));
  return { report, rejects: report.rejected > 0 ? await rejects.finish() : null };
}

/** A file that cannot be read past some row: the error says what was imported before it. */
function withRowsImported(error: unknown, report: ImportReport): unknown {
  const imported = report.created + report.updated + report.unchanged;
  if (!(error instanceof AppError) || report.rows === 0) return error;
  return new AppError(
    error.code,
    `${error.message} The ${imported} rows before it were imported (${report.rejected} refused): fix the file and import it again; rows already imported are matched, not copied.`,
    { cause: error, ...(error.errors ? { errors: error.errors } : {}) },
  );
}

const counts = (r: ImportReport): ImportCounts => ({
  rows: r.rows,
  created: r.created,
  updated: r.updated,
  unchanged: r.unchanged,
  rejected: r.rejected,
});

/**
 * A batch read, matched and checked: what to write, and what to report once it is written (so that
 * progress counts the rows written, not the ones checked ahead of them).
 */
interface PreparedBatch {
  rows: SourceRow[];
  write: BatchWrite;
  unchanged: number;
  rejections: Array<{ row: SourceRow; problems: RowProblem[] }>;
  warnings: ImportProblem[];
}

async function prepareBatch(run: Run, rows: SourceRow[]): Promise<PreparedBatch> {
  const { plan, ctx } = run;
  const rejections: PreparedBatch['rejections'] = [];
  const warnings: ImportProblem[] = [];
  const reject = (row: SourceRow, problems: RowProblem[]) => rejections.push({ row, problems });
  const converted = rows.map((row) => ({ row, ...convertRow(row, plan, run.provinces) }));
  const identities = converted.filter((c) => c.problems.length === 0).map((c) => identityOfFields(c.present));
  const existing = await findByIdentity(run.db, identities);
  const write: BatchWrite = { inserts: [], updates: [] };
  let unchanged = 0;
  const header = (field: ActorField) => plan.headerOf.get(field) ?? null;
  for (const { row, present, problems } of converted) {
    if (problems.length > 0) {
      reject(row, problems);
      continue;
    }
    const matches = new Map<string, { record: ActorRow; field: ActorField }>();
    for (const { key, field } of identityKeys(identityOfFields(present))) {
      const record = existing.get(key);
      if (record && !matches.has(record.id)) matches.set(record.id, { record, field });
    }
    if (matches.size > 1) {
      const which = [...matches.values()].map((m) => `${m.field} → record ${m.record.id}`).join(', ');
      reject(row, [
        {
          column: null,
          reason: `its identifiers match different records (${which}): fix them or merge the records first`,
        },
      ]);
      continue;
    }
    const match = [...matches.values()][0]?.record ?? null;
    if (match && (ctx.principal.role === 'partner' || !canSeeActor(ctx.principal, match))) {
      reject(row, [
        { column: null, reason: 'it matches a record outside your territory, which you may not change' },
      ]);
      continue;
    }
    const fields: ActorFields = { ...(match ? fieldsOf(match) : emptyActorFields()), ...present };
    const checked = checkActor(fields, run.reference, '');
    if (checked.errors.length > 0) {
      reject(
        row,
        checked.errors.map((e) => ({ column: header(e.pointer.slice(1) as ActorField), reason: e.detail })),
      );
      continue;
    }
    const { columns } = checked;
    const scope = ctx.principal.territoryCode;
    if (
      ctx.principal.role === 'territorial' &&
      !isWithin(columns.province_code, columns.region_code, scope)
    ) {
      reject(row, [
        {
          column: header('provinceCode'),
          reason: `${columns.province_code} is outside your territory (${scope})`,
        },
      ]);
      continue;
    }
    const keys = identityKeys(identityOfColumns(columns));
    const earlier = keys.find((k) => run.claimedBy.has(k.key));
    const sameRecordRow = match ? run.recordRow.get(match.id) : undefined;
    if (earlier || sameRecordRow !== undefined) {
      const first = earlier ? run.claimedBy.get(earlier.key) : sameRecordRow;
      reject(row, [
        { column: earlier ? header(earlier.field) : null, reason: `same identifier as row ${first}` },
      ]);
      continue;
    }
    for (const { key } of keys) run.claimedBy.set(key, row.row);
    if (match) run.recordRow.set(match.id, row.row);
    for (const w of checked.warnings)
      warnings.push({
        row: row.row,
        column: header(w.pointer.slice(1) as ActorField),
        reason: w.detail,
      });
    if (!match) write.inserts.push(columns);
    else if (sameColumns(match, columns)) unchanged += 1;
    else write.updates.push({ before: match, columns });
  }
  return { rows, write, unchanged, rejections, warnings };
}

async function writePrepared(run: Run, prepared: PreparedBatch): Promise<void> {
  const { rows, write, unchanged } = prepared;
  const { report, ctx } = run;
  if (!run.dryRun) {
    try {
      await writeBatch(run.db, ctx, write);
    } catch (error) {
      const first = rows[0]?.row;
      const last = rows.at(-1)?.row;
      // The database's own message stays in the log (as the cause); the person gets what to do.
      const why =
        (error as { code?: string }).code === '23505'
          ? 'another user registered one of their identifiers meanwhile'
          : 'the database refused them';
      throw new AppError(
        'IMPORT_FAILED',
        `Rows ${first} to ${last} could not be saved and none of them was (${why}); the ${report.created + report.updated + report.unchanged} rows before them were imported. Run the same import again: rows already imported are matched, not copied.`,
        { cause: error },
      );
    }
  }
  report.rows += rows.length;
  report.created += write.inserts.length;
  report.updated += write.updates.length;
  report.unchanged += unchanged;
  for (const { row, problems } of prepared.rejections) run.reject(row, problems);
  report.warnings.push(...prepared.warnings);
}
