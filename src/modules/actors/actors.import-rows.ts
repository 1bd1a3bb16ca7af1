import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { columnForField, columnForHeader, foldHeader, type ImportColumn } from './actors.import-columns.js';
import { fileError, type RowProblem, type SourceRow } from './actors.import-read.js';
import { convertCell, unneutralise } from './actors.import-values.js';
import { ActorCreateBody, type ActorField, type ActorFields } from './actors.schemas.js';

/** A column of the file bound to an actor field. */
export interface ColumnBinding {
  index: number;
  header: string;
  column: ImportColumn;
}

export interface ColumnPlan {
  bindings: ColumnBinding[];
  /** The file's header text for each field it has, to locate problems as the user sees them. */
  headerOf: Map<ActorField, string>;
}

/** `{ "file header": "apiField" }`; null or "" maps a column to nothing, on purpose. */
export type ColumnMapping = Record<string, string | null>;

/**
 * Binds each header to a field: by the mapping first, then by name (API names and the usual French and
 * Arabic headers). A header nobody recognises stops the import instead of being skipped, since its
 * values would otherwise be lost without a word; the message says how to map or ignore it.
 */
export function planColumns(headers: string[], mapping: ColumnMapping = {}): ColumnPlan {
  const problems: string[] = [];
  const mapped = new Map<string, string | null>();
  for (const [key, value] of Object.entries(mapping)) mapped.set(foldHeader(key), value);
  const used = new Set<string>();
  const bindings: ColumnBinding[] = [];
  const headerOf = new Map<ActorField, string>();
  const unknown: string[] = [];
  headers.forEach((header, index) => {
    const folded = foldHeader(header);
    let column: ImportColumn | 'ignored' | null;
    if (mapped.has(folded)) {
      used.add(folded);
      const field = mapped.get(folded);
      column = field ? columnForField(field) : 'ignored';
      if (column === null) problems.push(`the mapping sends "${header}" to "${field}", which is not a field`);
    } else if (header === '') {
      column = 'ignored';
    } else {
      column = columnForHeader(header);
      if (column === null) unknown.push(header);
    }
    if (column === null || column === 'ignored') return;
    const other = headerOf.get(column.field);
    if (other !== undefined) {
      problems.push(`the columns "${other}" and "${header}" are both ${column.field}: keep one`);
      return;
    }
    headerOf.set(column.field, header);
    bindings.push({ index, header, column });
  });
  for (const key of Object.keys(mapping)) {
    if (!used.has(foldHeader(key)))
      problems.push(`the mapping names "${key}", which is not a header of the file`);
  }
  if (bindings.length === 0) {
    throw fileError(
      `Missing header: the first row must name the columns (kind, nameFr, nameAr, provinceCode...; see docs/import/actors.md), and none of its cells does (${headers
        .slice(0, 5)
        .map((h) => JSON.stringify(h))
        .join(
          ', ',
        )}). If that row is the header, map its columns with a column mapping ({"header": "field"})`,
    );
  }
  if (unknown.length > 0) {
    problems.push(
      `unknown column(s) ${unknown.map((h) => `"${h}"`).join(', ')}: rename them to field names, or map them with a column mapping ({"header": "field"}, or null to ignore a column)`,
    );
  }
  for (const field of ['kind', 'provinceCode'] as const) {
    if (!headerOf.has(field)) problems.push(`the file has no ${field} column, which every row needs`);
  }
  if (!headerOf.has('nameFr') && !headerOf.has('nameAr'))
    problems.push('the file has no name column (nameFr or nameAr)');
  if (problems.length > 0) throw fileError(`The columns cannot be read: ${problems.join('; ')}`);
  return { bindings, headerOf };
}

const ajv = addFormats.default(new Ajv({ allErrors: true, strict: false }));
const FIELD_VALIDATORS = new Map<string, ValidateFunction>(
  Object.entries(ActorCreateBody.properties).map(([field, schema]) => [field, ajv.compile(schema as object)]),
);

/** The first character the API's text pattern refuses (C0 controls but tab, LF, CR; and DEL). */
function firstControl(text: string): number | null {
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (code <= 8 || code === 11 || code === 12 || (code >= 14 && code <= 31) || code === 127) return code;
  }
  return null;
}

/** Ajv's most specific complaint about one value, in words for the person who typed it. */
function explain(errors: ErrorObject[], value: unknown): string {
  const error = errors.find((e) => e.keyword !== 'type' && e.keyword !== 'anyOf') ?? errors[0];
  const text = typeof value === 'string' ? value : String(value);
  switch (error?.keyword) {
    case 'maxLength':
      return `is ${text.length} characters long; at most ${error.params.limit} are allowed (nothing is cut: shorten it)`;
    case 'pattern': {
      const control = firstControl(text);
      if (control !== null)
        return `contains a control character (U+${control.toString(16).toUpperCase().padStart(4, '0')}): remove it`;
      return `"${text}" does not have the expected form`;
    }
    case 'format':
      return `"${text}" is not a valid ${error.params.format === 'email' ? 'email address' : String(error.params.format)}`;
    case 'minimum':
    case 'maximum':
      return `${text} is out of range (${error.message ?? ''})`;
    default:
      return `"${text}" is not valid (${error?.message ?? 'unknown reason'})`;
  }
}

/** The values a row gives for the fields its file has; cells that cannot be read become problems. */
export function convertRow(
  source: SourceRow,
  plan: ColumnPlan,
  provinces: Map<string, string[]>,
): { present: Partial<ActorFields>; problems: RowProblem[] } {
  const present: Record<string, unknown> = {};
  const problems: RowProblem[] = [...source.problems];
  const faulty = new Set(problems.map((p) => p.column));
  for (const { index, header, column } of plan.bindings) {
    const text = unneutralise((source.cells[index] ?? '').trim());
    if (faulty.has(header)) continue;
    if (text === '') {
      if (column.field === 'kind' || column.field === 'provinceCode')
        problems.push({ column: header, reason: `is empty: every row needs its ${column.field}` });
      present[column.field] = column.value === 'boolean' ? false : null;
      continue;
    }
    const converted = convertCell(column.value, text, provinces);
    if (!converted.ok) {
      problems.push({ column: header, reason: converted.reason });
      continue;
    }
    const validate = FIELD_VALIDATORS.get(column.field);
    if (validate && !validate(converted.value)) {
      problems.push({ column: header, reason: explain(validate.errors ?? [], converted.value) });
      continue;
    }
    present[column.field] = converted.value;
  }
  return { present: present as Partial<ActorFields>, problems };
}
