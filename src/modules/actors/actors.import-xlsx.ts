import ExcelJS from 'exceljs';
import { fileError, type RowProblem, type SourceRow, type SourceTable } from './actors.import-read.js';

type CellValue = ExcelJS.CellValue;

/** A cell as text, or why it has no usable value. */
type CellText = { text: string } | { problem: string; formula?: string };

function isoOf(date: Date): string {
  const iso = date.toISOString();
  // Excel dates carry no time zone: exceljs reads them as UTC; a whole day is written as a date only.
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 19);
}

function plain(value: Exclude<CellValue, null | undefined>): CellText {
  if (typeof value === 'string') return { text: value };
  if (typeof value === 'number') return { text: String(value) };
  if (typeof value === 'boolean') return { text: value ? 'true' : 'false' };
  if (value instanceof Date) return { text: isoOf(value) };
  if ('error' in value) return { problem: `the cell shows the error ${value.error}` };
  if ('richText' in value) return { text: value.richText.map((part) => part.text).join('') };
  if ('hyperlink' in value) return { text: String(value.text) };
  if ('formula' in value || 'sharedFormula' in value) {
    const formula = 'formula' in value ? value.formula : value.sharedFormula;
    const result = value.result;
    if (result === undefined || result === null)
      return {
        problem: `formula without a value (=${formula}): open the file in Excel and save it, or paste the values`,
        formula,
      };
    if (typeof result === 'object' && !(result instanceof Date))
      return { problem: `the formula =${formula} gives the error ${result.error}` };
    return plain(result);
  }
  return { problem: 'the cell holds a value of an unknown type' };
}

function cellText(value: CellValue): CellText {
  return value === null || value === undefined ? { text: '' } : plain(value);
}

/** Column letters of a 1-based column number: 1 → A, 28 → AB. */
export function columnLetters(column: number): string {
  let letters = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26))
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

/** Rows covered by each merged range (`B4:B6` covers rows 4 to 6), by row number. */
function mergedRows(sheet: ExcelJS.Worksheet): Map<number, string[]> {
  const byRow = new Map<number, string[]>();
  const merges = (sheet.model as { merges?: string[] }).merges ?? [];
  for (const range of merges) {
    const match = /^[A-Z]+(\d+):[A-Z]+(\d+)$/.exec(range);
    if (!match) continue;
    for (let row = Number(match[1]); row <= Number(match[2]); row += 1)
      byRow.set(row, [...(byRow.get(row) ?? []), range]);
  }
  return byRow;
}

/**
 * Reads the first worksheet. Formulas count by the value Excel saved with them; a formula without a
 * saved value (a file written by a program that does not calculate) is refused for that cell. Merged
 * cells are refused for every row they touch rather than filled in: a merged "province" over three
 * rows may mean three actors in it, or one actor written over three lines, and only the author knows.
 */
export async function readXlsx(bytes: Buffer): Promise<SourceTable> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (error) {
    throw fileError(
      `The file is a zip archive but not a readable XLSX workbook (${(error as Error).message})`,
      'UNSUPPORTED_MEDIA_TYPE',
    );
  }
  const first = workbook.worksheets[0];
  if (!first) throw fileError('The workbook has no worksheet');
  const sheet: ExcelJS.Worksheet = first;
  const merged = mergedRows(sheet);
  let headerRow = 0;
  for (let r = 1; r <= sheet.rowCount && headerRow === 0; r += 1) {
    if (sheet.getRow(r).actualCellCount > 0) headerRow = r;
  }
  if (headerRow === 0) throw fileError(`The first worksheet (${sheet.name}) is empty`);
  if (merged.has(headerRow)) {
    throw fileError(
      `The header row (row ${headerRow}) has merged cells (${merged.get(headerRow)?.join(', ')}): unmerge them so each column has its own name`,
    );
  }
  const width = sheet.getRow(headerRow).cellCount;
  const headers: string[] = [];
  for (let c = 1; c <= width; c += 1) {
    const text = cellText(sheet.getRow(headerRow).getCell(c).value);
    headers.push('text' in text ? text.text.trim() : '');
  }
  async function* rows(): AsyncGenerator<SourceRow> {
    for (let r = headerRow + 1; r <= sheet.rowCount; r += 1) {
      const row = sheet.getRow(r);
      if (row.actualCellCount === 0) continue;
      const cells: string[] = [];
      const problems: RowProblem[] = [];
      const formulas = new Map<number, string>();
      const last = Math.max(width, row.cellCount);
      for (let c = 1; c <= last; c += 1) {
        const text = cellText(row.getCell(c).value);
        const column = headers[c - 1] || columnLetters(c);
        if ('text' in text) {
          if (c > width && text.text.trim() !== '')
            problems.push({ column, reason: `a value in column ${columnLetters(c)}, which has no header` });
          if (c <= width) cells.push(text.text);
        } else {
          problems.push({ column, reason: text.problem });
          if (c <= width) cells.push('');
          if (text.formula !== undefined) formulas.set(c - 1, text.formula);
        }
      }
      for (const range of merged.get(r) ?? []) {
        problems.push({
          column: null,
          reason: `merged cells ${range}: unmerge them and write the value in each row`,
        });
      }
      yield { row: r, cells, problems, ...(formulas.size > 0 ? { formulas } : {}) };
    }
  }
  return { format: 'xlsx', encoding: null, delimiter: null, headers, rows: rows() };
}
