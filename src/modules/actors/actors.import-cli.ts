import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import { AppError } from '../../shared/errors.js';
import { type Context, systemContext } from '../../shared/principal.js';
import { exportCsv, exportXlsx } from './actors.export.js';
import { type ImportCounts, importActors } from './actors.import.js';
import { ENCODINGS, type Encoding } from './actors.import-read.js';
import type { ColumnMapping } from './actors.import-rows.js';
import type { ActorFilters } from './actors.repository.js';

/** Where the commands write: results on stdout, progress and notes on stderr. */
export interface CommandIo {
  say(line: string): void;
  note(line: string): void;
}

export interface ImportCommandOptions {
  mapping?: string;
  dryRun?: boolean;
  rejects?: string;
  encoding?: string;
  json?: boolean;
}

/** Progress lines every this many rows (and once at the end). */
const PROGRESS_EVERY = 10_000;
/** Problems printed; the rejects file has them all. */
const PRINTED_PROBLEMS = 100;
const CLI_CONTEXT: Context = systemContext('system:cli');

function readMapping(file: string): ColumnMapping {
  let value: unknown;
  try {
    value = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new AppError('VALIDATION_FAILED', `--mapping ${file}: ${(error as Error).message}`);
  }
  const valid =
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((v) => v === null || typeof v === 'string');
  if (!valid)
    throw new AppError(
      'VALIDATION_FAILED',
      `--mapping ${file} must hold {"file header": "apiField" or null}`,
    );
  return value as ColumnMapping;
}

const number = (n: number) => n.toLocaleString('en-US');
const summary = (c: ImportCounts) =>
  `${number(c.rows)} rows read: ${number(c.created)} created, ${number(c.updated)} updated, ${number(c.unchanged)} unchanged, ${number(c.rejected)} rejected`;

/**
 * `nasij import actors FILE`: the same import as the API, as the system administrator. Exits 0 when
 * every row was imported, 3 when some were rejected (they are in the rejects file), 1 on a file error.
 */
export async function importActorsCommand(
  db: Kysely<Database>,
  file: string,
  options: ImportCommandOptions,
  io: CommandIo,
): Promise<number> {
  if (options.encoding && !(ENCODINGS as string[]).includes(options.encoding))
    throw new AppError('VALIDATION_FAILED', `--encoding must be one of ${ENCODINGS.join(', ')}`);
  const bytes = fs.readFileSync(file);
  const started = performance.now();
  let printed = 0;
  const { report, rejects } = await importActors(db, CLI_CONTEXT, bytes, {
    dryRun: options.dryRun ?? false,
    ...(options.mapping ? { mapping: readMapping(options.mapping) } : {}),
    ...(options.encoding ? { encoding: options.encoding as Encoding } : {}),
    onProgress: (counts) => {
      if (counts.rows - printed < PROGRESS_EVERY) return;
      printed = counts.rows;
      const perSecond = Math.round(counts.rows / ((performance.now() - started) / 1000));
      io.note(`import: ${summary(counts)} (${number(perSecond)} rows/s)`);
    },
  });
  const seconds = (performance.now() - started) / 1000;
  let rejectsPath: string | null = null;
  if (rejects) {
    const parsed = path.parse(file);
    rejectsPath = options.rejects ?? path.join(parsed.dir, `${parsed.name}.rejects.${rejects.extension}`);
    fs.writeFileSync(rejectsPath, rejects.bytes);
  }
  if (options.json) {
    io.say(JSON.stringify({ ...report, rejectsFile: rejectsPath, seconds }, null, 2));
  } else {
    const detected = [report.format, report.encoding, report.delimiter && `delimiter "${report.delimiter}"`]
      .filter(Boolean)
      .join(', ');
    io.say(
      `${options.dryRun ? 'dry run (nothing saved): ' : ''}${summary(report)} [${detected}] in ${seconds.toFixed(1)} s`,
    );
    for (const p of report.errors.slice(0, PRINTED_PROBLEMS))
      io.say(`row ${p.row}${p.column ? `, column "${p.column}"` : ''}: ${p.reason}`);
    if (report.errors.length > PRINTED_PROBLEMS)
      io.say(`... and ${report.errors.length - PRINTED_PROBLEMS} more problems (all in the rejects file)`);
    for (const w of report.warnings.slice(0, PRINTED_PROBLEMS))
      io.say(`warning: row ${w.row}${w.column ? `, column "${w.column}"` : ''}: ${w.reason}`);
    if (rejectsPath) io.say(`rejected rows written to ${rejectsPath}: fix them and import that file`);
  }
  return report.rejected > 0 ? 3 : 0;
}

export interface ExportCommandOptions extends ActorFilters {
  format: 'csv' | 'xlsx';
  out: string;
}

/** `nasij export actors`: the whole registry, or the filtered part of it, to a CSV or XLSX file. */
export async function exportActorsCommand(
  db: Kysely<Database>,
  options: ExportCommandOptions,
  io: CommandIo,
): Promise<void> {
  const { format, out, ...filters } = options;
  const stream = (format === 'csv' ? exportCsv : exportXlsx)(db, CLI_CONTEXT.principal, filters);
  await pipeline(stream, fs.createWriteStream(out));
  io.say(`actors exported to ${path.resolve(out)} (${format}, ${number(fs.statSync(out).size)} bytes)`);
}
