import { foldHeader, type ValueKind } from './actors.import-columns.js';
import type { ActorFields } from './actors.schemas.js';
import type { ActorReference } from './actors.validate.js';

/** A cell turned into a field value, or the reason it cannot be. */
export type Converted = { ok: true; value: unknown } | { ok: false; reason: string };

const ok = (value: unknown): Converted => ({ ok: true, value });
const bad = (reason: string): Converted => ({ ok: false, reason });

const KIND_LABELS: Record<string, ActorFields['kind']> = {};
const kindLabels: Array<[ActorFields['kind'], string[]]> = [
  ['artisan', ['artisan', 'artisane', 'صانع تقليدي', 'صانعة تقليدية', 'حرفي']],
  [
    'master_artisan',
    ['master_artisan', 'maître artisan', 'maître-artisan', 'maâlem', 'maalem', 'معلم', 'صانع تقليدي معلم'],
  ],
  ['cooperative', ['cooperative', 'coopérative', 'coop', 'تعاونية']],
  ['association', ['association', 'جمعية']],
  ['mutual', ['mutual', 'mutuelle', 'تعاضدية']],
  ['ess_enterprise', ['ess_enterprise', 'entreprise ESS', "entreprise de l'ESS", 'entreprise ess', 'مقاولة']],
];
for (const [kind, labels] of kindLabels) for (const label of labels) KIND_LABELS[foldHeader(label)] = kind;

/** Sex as registers write it: codes, French, English and Arabic words (folded, so accents do not matter). */
const SEX_LABELS = new Map<string, 'female' | 'male'>();
const sexLabels: Array<['female' | 'male', string[]]> = [
  ['female', ['f', 'female', 'femme', 'féminin', 'w', 'woman', 'أنثى', 'انثى', 'امرأة', 'مرأة']],
  ['male', ['m', 'h', 'male', 'homme', 'masculin', 'man', 'ذكر', 'رجل']],
];
for (const [sex, labels] of sexLabels) for (const label of labels) SEX_LABELS.set(foldHeader(label), sex);

const TRUE = new Set(['oui', 'yes', '1', 'true', 'vrai', 'o', 'y', 'نعم']);
const FALSE = new Set(['non', 'no', '0', 'false', 'faux', 'n', 'لا']);

/** The characters that make a spreadsheet read a cell as a formula; exports prefix them with `'`. */
export const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Undoes the `'` an export puts before a cell that would start a formula, so an exported file
 * imports back to the same values.
 */
export function unneutralise(text: string): string {
  return text.startsWith("'") && FORMULA_START.test(text.slice(1)) ? text.slice(1) : text;
}

function isoDate(year: number, month: number, day: number): string | null {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day)
    return null;
  return date.toISOString().slice(0, 10);
}

/** `dd/mm/yyyy` (also with `-` or `.`) or ISO `yyyy-mm-dd`; an impossible date is an error. */
export function parseDate(text: string): Converted {
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:[T ][0-9:.]+Z?)?$/.exec(text);
  const french = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text);
  const parts = iso
    ? [Number(iso[1]), Number(iso[2]), Number(iso[3])]
    : french
      ? [Number(french[3]), Number(french[2]), Number(french[1])]
      : null;
  if (!parts) return bad(`"${text}" is not a date: write dd/mm/yyyy or yyyy-mm-dd`);
  const [year, month, day] = parts as [number, number, number];
  const value = isoDate(year, month, day);
  return value ? ok(value) : bad(`"${text}" is not a real date`);
}

/** Province by HCP code ("09.273"), by a code whose leading zero a spreadsheet dropped ("9.273"), or by name. */
function parseProvince(text: string, provinces: Map<string, string[]>): Converted {
  if (/^[0-9]{2}(\.[0-9]{3})?$/.test(text)) return ok(text);
  if (/^[0-9](\.[0-9]{3})?$/.test(text)) return ok(`0${text}`);
  if (/^[0-9.]+$/.test(text)) return ok(text);
  const codes = provinces.get(foldHeader(text)) ?? [];
  if (codes.length === 1) return ok(codes[0]);
  if (codes.length > 1) return bad(`"${text}" names several provinces (${codes.join(', ')}): give the code`);
  return bad(`unknown province "${text}": give its HCP code (e.g. 09.273) or its name`);
}

/** Province and prefecture names (French and Arabic, folded) to their codes, built once per import. */
export function provinceNames(reference: ActorReference): Map<string, string[]> {
  const names = new Map<string, string[]>();
  for (const territory of reference.territories.values()) {
    if (territory.level === 'region') continue;
    for (const name of [territory.name_fr, territory.name_ar]) {
      const key = foldHeader(name);
      const codes = names.get(key) ?? [];
      if (!codes.includes(territory.code)) codes.push(territory.code);
      names.set(key, codes);
    }
  }
  return names;
}

/**
 * Turns one non-empty cell into the value of its field. Lengths, control characters, phone and email
 * are checked afterwards against the API's own schema, so the import and the API agree.
 */
export function convertCell(kind: ValueKind, text: string, provinces: Map<string, string[]>): Converted {
  switch (kind) {
    case 'kind': {
      const value = KIND_LABELS[foldHeader(text)];
      return value
        ? ok(value)
        : bad(
            `unknown kind "${text}": artisan, maître artisan, coopérative, association, mutuelle or entreprise ESS`,
          );
    }
    case 'boolean': {
      const folded = foldHeader(text);
      if (TRUE.has(folded)) return ok(true);
      if (FALSE.has(folded)) return ok(false);
      return bad(`"${text}" is not yes or no: write oui/non, yes/no, 1/0 or true/false`);
    }
    case 'flag': {
      const folded = foldHeader(text);
      if (TRUE.has(folded)) return ok(true);
      if (FALSE.has(folded)) return ok(false);
      return bad(`"${text}" is not yes or no: write oui/non, yes/no, 1/0 or true/false (empty = not known)`);
    }
    case 'sex': {
      const value = SEX_LABELS.get(foldHeader(text));
      return value
        ? ok(value)
        : bad(`"${text}" is not a sex: write F or M (femme/homme, female/male, أنثى/ذكر)`);
    }
    case 'count': {
      const digits = text.replace(/[\s\u00a0\u202f]/g, '').replace(/\.0+$/, '');
      if (!/^[0-9]{1,7}$/.test(digits)) return bad(`"${text}" is not a whole number of people`);
      return ok(Number(digits));
    }
    case 'number': {
      const value = Number(text.replace(',', '.'));
      return text.trim() !== '' && Number.isFinite(value) ? ok(value) : bad(`"${text}" is not a number`);
    }
    case 'date':
      return parseDate(text);
    case 'province':
      return parseProvince(text, provinces);
    case 'code':
      return ok(text.toUpperCase());
    case 'identifier':
    case 'text':
      return ok(text);
  }
}
