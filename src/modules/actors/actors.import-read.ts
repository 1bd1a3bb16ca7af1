import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import iconv from 'iconv-lite';
import { AppError } from '../../shared/errors.js';
import { readXlsx } from './actors.import-xlsx.js';

export type Encoding = 'utf-8' | 'utf-8-bom' | 'windows-1256' | 'windows-1252';
export const ENCODINGS: Encoding[] = ['utf-8', 'utf-8-bom', 'windows-1256', 'windows-1252'];
export type Delimiter = ',' | ';';

/** A problem with one row, located by the file's own header text (null when no one column is at fault). */
export interface RowProblem {
  column: string | null;
  reason: string;
}

/** One data row as the file has it: its number as a spreadsheet shows it (the header is row 1). */
export interface SourceRow {
  row: number;
  cells: string[];
  problems: RowProblem[];
  /** XLSX cells holding a formula without a cached value, by column index, to write back as formulas. */
  formulas?: Map<number, string>;
}

export interface SourceTable {
  format: 'csv' | 'xlsx';
  encoding: Encoding | null;
  delimiter: Delimiter | null;
  headers: string[];
  rows: AsyncIterable<SourceRow>;
}

export function fileError(
  detail: string,
  code: 'IMPORT_FAILED' | 'UNSUPPORTED_MEDIA_TYPE' = 'IMPORT_FAILED',
) {
  return new AppError(code, detail, { errors: [{ pointer: '/file', detail }] });
}

const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const OLE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** Reads a CSV or XLSX file by its content (not its name): XLSX is a zip, anything else must be text. */
export async function readSource(bytes: Buffer, options: { encoding?: Encoding } = {}): Promise<SourceTable> {
  if (bytes.length === 0) throw fileError('The file is empty');
  if (bytes.subarray(0, 4).equals(ZIP)) return readXlsx(bytes);
  if (bytes.subarray(0, 8).equals(OLE)) {
    throw fileError(
      'This is an old Excel 97-2003 (.xls) workbook: save it as .xlsx or as "CSV UTF-8" and import that',
      'UNSUPPORTED_MEDIA_TYPE',
    );
  }
  const { text, encoding } = decodeText(bytes, options.encoding);
  return readCsv(text, encoding);
}

/**
 * Which encoding a CSV is in. Valid UTF-8 is UTF-8 (Windows-125x text with accents or Arabic letters
 * is almost never valid UTF-8). Otherwise it is one of the two code pages Excel uses in Morocco:
 * decoded as Windows-1256, Arabic text gives runs of Arabic letters between spaces, while French text
 * keeps its lower-case accents (1256 has é è à ç ô at the same bytes as 1252) and turns only capitals
 * such as É or À into Arabic letters glued to Latin ones ("COOPةRATIVE"). So the file is Windows-1256
 * when it has Arabic letters and at most a third of them touch a Latin letter; else Windows-1252.
 */
export function decodeText(bytes: Buffer, forced?: Encoding): { text: string; encoding: Encoding } {
  const head = bytes.subarray(0, 2);
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) {
    throw fileError(
      'The file is UTF-16 text (Excel\'s "Unicode text"): save it as "CSV UTF-8" or as .xlsx',
      'UNSUPPORTED_MEDIA_TYPE',
    );
  }
  if (bytes.subarray(0, 8192).includes(0)) {
    throw fileError(
      'The file is neither CSV nor XLSX (it holds binary data): save the spreadsheet as .xlsx or "CSV UTF-8"',
      'UNSUPPORTED_MEDIA_TYPE',
    );
  }
  const hasBom = bytes.subarray(0, 3).equals(UTF8_BOM);
  const body = hasBom ? bytes.subarray(3) : bytes;
  if (forced) {
    if (forced === 'utf-8' || forced === 'utf-8-bom') {
      const text = strictUtf8(body);
      if (text === null) throw fileError(`The file is not valid UTF-8 (the encoding you gave: ${forced})`);
      return { text, encoding: hasBom ? 'utf-8-bom' : 'utf-8' };
    }
    return { text: iconv.decode(body, forced), encoding: forced };
  }
  const utf8 = strictUtf8(body);
  if (utf8 !== null) return { text: utf8, encoding: hasBom ? 'utf-8-bom' : 'utf-8' };
  if (hasBom) throw fileError('The file starts as UTF-8 (it has a byte-order mark) but is not valid UTF-8');
  const arabic = iconv.decode(body, 'windows-1256');
  return looksArabic(arabic)
    ? { text: arabic, encoding: 'windows-1256' }
    : { text: iconv.decode(body, 'windows-1252'), encoding: 'windows-1252' };
}

function strictUtf8(bytes: Buffer): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
}

const ARABIC_LETTER = /[\u0621-\u064a\u0660-\u0669\u067e\u0686\u0698\u06a9\u06af\u06ba\u06be\u06c1\u06d2]/u;
const LATIN_LETTER = /[A-Za-z]/;

export function looksArabic(text: string): boolean {
  let arabic = 0;
  let glued = 0;
  for (let i = 0; i < text.length; i += 1) {
    if (!ARABIC_LETTER.test(text[i] ?? '')) continue;
    arabic += 1;
    if (LATIN_LETTER.test(text[i - 1] ?? '') || LATIN_LETTER.test(text[i + 1] ?? '')) glued += 1;
  }
  return arabic > 0 && glued * 3 <= arabic;
}

/** Comma or semicolon: whichever the header line has more of, outside quotes (comma on a tie). */
export function detectDelimiter(text: string): Delimiter {
  let commas = 0;
  let semicolons = 0;
  let quoted = false;
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === '\n' || char === '\r')) break;
    else if (!quoted && char === ',') commas += 1;
    else if (!quoted && char === ';') semicolons += 1;
  }
  return semicolons > commas ? ';' : ',';
}

const isBlank = (cells: string[]) => cells.every((cell) => cell.trim() === '');

async function readCsv(text: string, encoding: Encoding): Promise<SourceTable> {
  const delimiter = detectDelimiter(text);
  // Ragged rows and blank lines are kept by the parser and judged below, so each gets a located reason.
  const parser = Readable.from([text]).pipe(
    parse({ delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: false }),
  );
  const records = parser[Symbol.asyncIterator]();
  let rowNumber = 0;
  const next = async (): Promise<string[] | null> => {
    try {
      const result = await records.next();
      if (result.done) return null;
      rowNumber += 1;
      return result.value as string[];
    } catch (error) {
      const line = (error as { lines?: number }).lines;
      throw fileError(
        `The CSV cannot be read${line ? ` at line ${line}` : ''}: ${(error as Error).message} (is a quoted value left open?)`,
      );
    }
  };
  let headers: string[] | null = null;
  while (headers === null) {
    const record = await next();
    if (record === null) throw fileError('The file has no rows: the first row must name the columns');
    if (!isBlank(record)) headers = record.map((cell) => cell.trim());
  }
  const width = headers.length;
  async function* rows(): AsyncGenerator<SourceRow> {
    for (let cells = await next(); cells !== null; cells = await next()) {
      if (isBlank(cells)) continue;
      yield { row: rowNumber, cells, problems: raggedProblems(cells, width) };
    }
  }
  return { format: 'csv', encoding, delimiter, headers, rows: rows() };
}

/**
 * A row with fewer or more values than the header has columns is refused, since a missing or extra
 * separator shifts every value after it. Empty cells past the header are tolerated (Excel writes them).
 */
function raggedProblems(cells: string[], width: number): RowProblem[] {
  const extra = cells.slice(width).filter((cell) => cell.trim() !== '');
  if (cells.length < width)
    return [
      {
        column: null,
        reason: `the row has ${cells.length} values but the header has ${width} columns: a separator is missing`,
      },
    ];
  if (extra.length > 0)
    return [
      {
        column: null,
        reason: `the row has values past the last column of the header (${extra.map((v) => JSON.stringify(v)).join(', ')}): a separator is extra or a header is missing`,
      },
    ];
  return [];
}
