import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { neutralise } from '../actors/actors.export.js';
import type { AnalyticsResult } from './analytics.schemas.js';

/** The exports' columns: the API's rows, flat, with the indicator code first. */
export const EXPORT_HEADERS = [
  'indicator',
  'territory_code',
  'territory_level',
  'territory_name_fr',
  'territory_name_ar',
  'period',
  'breakdown',
  'breakdown_value',
  'actual',
  'target',
  'baseline',
  'progress_percent',
  'numerator',
  'denominator',
  'facts',
  'available',
  'status',
] as const;

type Cell = string | number | boolean | null;

function cellsOf(result: AnalyticsResult): Cell[][] {
  return result.rows.map((row) => [
    result.indicator.code,
    row.territoryCode,
    row.territoryLevel,
    row.territoryNameFr,
    row.territoryNameAr,
    row.period,
    result.breakdown,
    row.breakdownValue,
    row.actual,
    row.target,
    row.baseline,
    row.progressPercent,
    row.numerator,
    row.denominator,
    row.facts,
    row.available,
    row.status,
  ]);
}

/** Text cells a spreadsheet would run as a formula are neutralised; numbers stay numbers. */
const safe = (cell: Cell): Cell => (typeof cell === 'string' ? neutralise(cell) : cell);

/** CSV, UTF-8 with a byte-order mark (so Excel shows Arabic names), comma-separated. */
export function analyticsCsv(result: AnalyticsResult): Buffer {
  const lines = cellsOf(result).map((row) =>
    row.map((cell) => {
      const value = safe(cell);
      return value === null ? '' : String(value);
    }),
  );
  return Buffer.from(`\ufeff${stringify([[...EXPORT_HEADERS], ...lines])}`, 'utf8');
}

export async function analyticsXlsx(result: AnalyticsResult): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(result.indicator.code.slice(0, 31));
  sheet.addRow([...EXPORT_HEADERS]);
  for (const row of cellsOf(result)) sheet.addRow(row.map(safe));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
