import { PassThrough, Readable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import type { Kysely } from 'kysely';
import type { ActorRow, Database } from '../../db/database.js';
import type { Principal } from '../../shared/principal.js';
import { FORMULA_START } from './actors.import-values.js';
import { type ActorFilters, filteredActors } from './actors.repository.js';
import { ACTOR_FIELDS, COLUMN_OF } from './actors.schemas.js';

/** The export's columns: the import template's (so an export imports back as it is) and the record's own. */
export const EXPORT_HEADERS = [
  'id',
  ...ACTOR_FIELDS,
  'regionCode',
  'status',
  'statusReason',
  'statusChangedOn',
  'reviewFlags',
  'createdAt',
  'updatedAt',
];

type Cell = string | number | boolean | null;

const NUMBER = /^[+-]?[0-9]+([.,][0-9]+)?$/;

/**
 * Neutralises a text cell that a spreadsheet would run as a formula (starting with = + - @, tab or
 * carriage return) by putting `'` before it, as OWASP advises. Plain numbers ("-9.6") are left alone:
 * they cannot be formulas, and longitudes in Morocco are all negative. The import removes the `'`.
 */
export function neutralise(value: string): string {
  return FORMULA_START.test(value) && !NUMBER.test(value) ? `'${value}` : value;
}

function cellsOf(row: ActorRow): Cell[] {
  return [
    row.id,
    ...ACTOR_FIELDS.map((field) => row[COLUMN_OF[field]] as Cell),
    row.region_code,
    row.status,
    row.status_reason,
    row.status_changed_on,
    row.review_flags.join(' '),
    row.created_at.toISOString(),
    row.updated_at.toISOString(),
  ];
}

const PAGE = 2000;

/**
 * The caller's visible records matching the filters, a page at a time (keyset on the primary key), so
 * an export of the whole registry never holds it in memory. Not by created_at: a JavaScript Date keeps
 * milliseconds while PostgreSQL keeps microseconds, so a cursor on it skips or repeats rows created
 * in the same millisecond, as a bulk import creates them.
 */
export async function* exportPages(
  db: Kysely<Database>,
  principal: Principal,
  filters: ActorFilters,
): AsyncGenerator<ActorRow[]> {
  let after: string | null = null;
  for (;;) {
    let query = filteredActors(db, principal, filters).selectAll('actors');
    if (after) query = query.where('actors.id', '>', after);
    const page = await query.orderBy('actors.id').limit(PAGE).execute();
    if (page.length > 0) yield page;
    const last = page.at(-1);
    if (!last || page.length < PAGE) return;
    after = last.id;
  }
}

/** CSV, UTF-8 with a byte-order mark (so Excel reads Arabic), comma-separated, text cells neutralised. */
export function exportCsv(db: Kysely<Database>, principal: Principal, filters: ActorFilters): Readable {
  async function* lines(): AsyncGenerator<string> {
    yield `\ufeff${stringify([EXPORT_HEADERS], { record_delimiter: 'windows' })}`;
    for await (const page of exportPages(db, principal, filters)) {
      const records = page.map((row) =>
        cellsOf(row).map((cell) =>
          cell === null ? '' : typeof cell === 'string' ? neutralise(cell) : String(cell),
        ),
      );
      yield stringify(records, { record_delimiter: 'windows' });
    }
  }
  return Readable.from(lines());
}

/** XLSX written row by row with exceljs's streaming writer; numbers stay numbers, text is neutralised. */
export function exportXlsx(db: Kysely<Database>, principal: Principal, filters: ActorFilters): Readable {
  const out = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    useSharedStrings: false,
  });
  const sheet = workbook.addWorksheet('actors', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = EXPORT_HEADERS.map((header) => ({
    header,
    key: header,
    width: Math.max(12, header.length + 2),
  }));
  void (async () => {
    for await (const page of exportPages(db, principal, filters)) {
      for (const row of page)
        sheet
          .addRow(cellsOf(row).map((cell) => (typeof cell === 'string' ? neutralise(cell) : cell)))
          .commit();
    }
    sheet.commit();
    await workbook.commit();
  })().catch((error: unknown) => out.destroy(error as Error));
  return out;
}
