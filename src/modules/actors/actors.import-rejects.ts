import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { neutralise } from './actors.export.js';
import { foldHeader } from './actors.import-columns.js';
import type { SourceRow, SourceTable } from './actors.import-read.js';

export interface RejectsFile {
  bytes: Buffer;
  extension: 'csv' | 'xlsx';
  contentType: string;
}

export const CSV_TYPE = 'text/csv; charset=utf-8';
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const BOM = '\ufeff';

/**
 * Collects refused rows and writes them in the input's format, with the input's headers and a
 * `reason` column (reused when the file already has one, so a rejects file can go round again): CSV
 * keeps the delimiter and is written as UTF-8 with a byte-order mark so Excel shows Arabic; XLSX stays
 * XLSX, and a formula that had no value is written back as that formula.
 */
export function createRejects(table: SourceTable) {
  const existing = table.headers.findIndex((h) => ['reason', 'motif'].includes(foldHeader(h)));
  const reasonAt = existing >= 0 ? existing : table.headers.length;
  const headers = [...table.headers];
  headers[reasonAt] = existing >= 0 ? (table.headers[existing] ?? 'reason') : 'reason';
  const rows: Array<{ source: SourceRow; reason: string }> = [];
  // A short row is padded so its reason sits under "reason"; the values of a long row past the header
  // go after the reason, so they are kept and the row stays refused until someone places them.
  const width = table.headers.length;
  const line = (source: SourceRow, reason: string) => {
    const cells = Array.from({ length: headers.length }, (_, i) => source.cells[i] ?? '');
    cells[reasonAt] = reason;
    const extra = source.cells.slice(width);
    return extra.some((cell) => cell.trim() !== '') ? [...cells, ...extra] : cells;
  };
  return {
    add(source: SourceRow, reason: string) {
      rows.push({ source, reason });
    },
    async finish(): Promise<RejectsFile> {
      if (table.format === 'csv') {
        const text = stringify([headers, ...rows.map((r) => line(r.source, r.reason).map(neutralise))], {
          delimiter: table.delimiter ?? ',',
          record_delimiter: 'windows',
        });
        return { bytes: Buffer.from(BOM + text, 'utf8'), extension: 'csv', contentType: CSV_TYPE };
      }
      const workbook = new ExcelJS.Workbook();
      const sheet = workbook.addWorksheet('rejects');
      sheet.addRow(headers);
      for (const { source, reason } of rows) {
        const added = sheet.addRow(line(source, reason));
        for (const [index, formula] of source.formulas ?? []) added.getCell(index + 1).value = { formula };
      }
      const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
      return { bytes, extension: 'xlsx', contentType: XLSX_TYPE };
    },
  };
}
