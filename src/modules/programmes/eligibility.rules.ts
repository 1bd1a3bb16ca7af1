/**
 * The eligibility rule language: rules are data (JSON) stored with a call, validated when the call is
 * saved, then evaluated two ways that must agree — compiled to a parameterised SQL condition over the
 * registry (eligibility.sql.ts) and evaluated in TypeScript for one applicant with a plain-language
 * explanation (eligibility.evaluate.ts). README.md documents the language with examples.
 *
 *   Rule      = { all: Rule[] } | { any: Rule[] } | Condition | NotReceived
 *   Condition = { field: Field, op: Operator, value: ... }
 *   NotReceived = { notReceived: { programmeId: uuid, years: 1..50 } }
 */
import type { FieldError } from '../../shared/errors.js';

export const ACTOR_KINDS = [
  'artisan',
  'master_artisan',
  'cooperative',
  'association',
  'mutual',
  'ess_enterprise',
] as const;
export type ActorKindValue = (typeof ACTOR_KINDS)[number];

/** How a field's values are typed; decides which operators and values it takes. */
export type FieldType = 'enum' | 'code' | 'percent' | 'integer' | 'date' | 'boolean';

export interface FieldSpec {
  type: FieldType;
  /** For 'enum': the closed list; for 'code': the form a code must have. */
  values?: readonly string[];
  pattern?: RegExp;
  label: { fr: string; ar: string; en: string };
}

/** The whitelist of actor facts rules may name. */
export const FIELDS = {
  kind: {
    type: 'enum',
    values: ACTOR_KINDS,
    label: { fr: "Type d'acteur", ar: 'نوع الفاعل', en: 'Kind of actor' },
  },
  region: {
    type: 'code',
    pattern: /^[0-9]{2}$/,
    label: { fr: 'Région', ar: 'الجهة', en: 'Region' },
  },
  province: {
    type: 'code',
    pattern: /^[0-9]{2}\.[0-9]{3}$/,
    label: { fr: 'Province ou préfecture', ar: 'الإقليم أو العمالة', en: 'Province or prefecture' },
  },
  branch: {
    type: 'code',
    pattern: /^[A-Z0-9][A-Z0-9._-]{0,19}$/,
    label: { fr: "Branche d'artisanat", ar: 'فرع الصناعة التقليدية', en: 'Craft branch' },
  },
  activity: {
    type: 'code',
    pattern: /^[A-Z0-9][A-Z0-9._-]{0,29}$/,
    label: { fr: 'Activité', ar: 'النشاط', en: 'Activity' },
  },
  women_share: {
    type: 'percent',
    label: {
      fr: 'Part des femmes parmi les membres',
      ar: 'نسبة النساء من بين الأعضاء',
      en: 'Share of women among members',
    },
  },
  youth_share: {
    type: 'percent',
    label: {
      fr: 'Part des jeunes parmi les membres',
      ar: 'نسبة الشباب من بين الأعضاء',
      en: 'Share of young people among members',
    },
  },
  disabled_share: {
    type: 'percent',
    label: {
      fr: 'Part des personnes en situation de handicap parmi les membres',
      ar: 'نسبة الأشخاص في وضعية إعاقة من بين الأعضاء',
      en: 'Share of persons with disabilities among members',
    },
  },
  members_count: {
    type: 'integer',
    label: { fr: 'Nombre de membres', ar: 'عدد الأعضاء', en: 'Number of members' },
  },
  founded_on: {
    type: 'date',
    label: { fr: 'Date de création', ar: 'تاريخ التأسيس', en: 'Founding date' },
  },
  has_nia: {
    type: 'boolean',
    label: { fr: "Titulaire d'un NIA", ar: 'حاصل على رقم التعريف الحرفي', en: 'Holds an NIA' },
  },
  coastal: {
    type: 'boolean',
    label: { fr: 'Zone côtière', ar: 'منطقة ساحلية', en: 'Coastal area' },
  },
  women_led: {
    type: 'boolean',
    label: { fr: 'Dirigé par une femme', ar: 'تسيره امرأة', en: 'Led by a woman' },
  },
} as const satisfies Record<string, FieldSpec>;

export type FieldName = keyof typeof FIELDS;
export const FIELD_NAMES = Object.keys(FIELDS) as FieldName[];

export const OPERATORS_BY_TYPE: Record<FieldType, readonly Operator[]> = {
  enum: ['=', '!=', 'in', 'not_in'],
  code: ['=', '!=', 'in', 'not_in'],
  percent: ['=', '!=', '<', '<=', '>', '>='],
  integer: ['=', '!=', '<', '<=', '>', '>='],
  date: ['=', '<', '<=', '>', '>='],
  boolean: ['=', '!='],
};
export const OPERATORS = ['=', '!=', '<', '<=', '>', '>=', 'in', 'not_in'] as const;
export type Operator = (typeof OPERATORS)[number];
export type ComparisonOperator = '=' | '!=' | '<' | '<=' | '>' | '>=';

export type ConditionValue = string | number | boolean | string[];
export interface Condition {
  field: FieldName;
  op: Operator;
  value: ConditionValue;
}
export interface NotReceived {
  notReceived: { programmeId: string; years: number };
}
export type Rule = { all: Rule[] } | { any: Rule[] } | Condition | NotReceived;

export const MAX_DEPTH = 6;
export const MAX_CONDITIONS = 60;
export const MAX_LIST = 100;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isValidDate(value: string): boolean {
  if (!DATE.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** A percent threshold as an integer number of hundredths of a percent (basis points of 100 %). */
export function percentToHundredths(value: number): number {
  return Math.round(value * 100);
}

function checkScalar(field: FieldName, value: unknown, pointer: string, errors: FieldError[]): void {
  const spec: FieldSpec = FIELDS[field];
  switch (spec.type) {
    case 'enum':
      if (typeof value !== 'string')
        errors.push({ pointer, detail: `must be a string (${field} is a list of values)` });
      else if (!spec.values?.includes(value))
        errors.push({ pointer, detail: `must be one of ${spec.values?.join(', ')}` });
      return;
    case 'code':
      if (typeof value !== 'string')
        errors.push({ pointer, detail: `must be a string (${field} is a code)` });
      else if (!spec.pattern?.test(value)) errors.push({ pointer, detail: `is not a ${field} code` });
      return;
    case 'percent':
      if (typeof value !== 'number' || !Number.isFinite(value))
        errors.push({ pointer, detail: `must be a number (${field} is a percentage)` });
      else if (value < 0 || value > 100) errors.push({ pointer, detail: 'must be between 0 and 100' });
      else if (Math.abs(value * 100 - Math.round(value * 100)) > 1e-9)
        errors.push({ pointer, detail: 'must have at most two decimals' });
      return;
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value))
        errors.push({ pointer, detail: `must be a whole number (${field} counts)` });
      else if (value < 0 || value > 1_000_000)
        errors.push({ pointer, detail: 'must be between 0 and 1000000' });
      return;
    case 'date':
      if (typeof value !== 'string' || !isValidDate(value))
        errors.push({ pointer, detail: 'must be a date written YYYY-MM-DD' });
      return;
    case 'boolean':
      if (typeof value !== 'boolean') errors.push({ pointer, detail: 'must be true or false' });
      return;
  }
}

/**
 * Checks a rule tree; returns every problem with a JSON pointer (prefixed by `base`, e.g.
 * `/body/eligibilityRules`). An empty list means the rules are valid and typed as `Rule`.
 */
export function validateRule(input: unknown, base = ''): FieldError[] {
  const errors: FieldError[] = [];
  let conditions = 0;
  const walk = (node: unknown, pointer: string, depth: number): void => {
    if (!isRecord(node)) {
      errors.push({
        pointer,
        detail: 'must be an object: {all: [...]}, {any: [...]}, a condition or {notReceived: ...}',
      });
      return;
    }
    if (depth > MAX_DEPTH) {
      errors.push({ pointer, detail: `nests deeper than ${MAX_DEPTH} levels` });
      return;
    }
    const keys = Object.keys(node);
    if ('all' in node || 'any' in node) {
      const key = 'all' in node ? 'all' : 'any';
      for (const extra of keys.filter((k) => k !== key))
        errors.push({ pointer: `${pointer}/${extra}`, detail: `is not allowed beside "${key}"` });
      const children = node[key];
      if (!Array.isArray(children)) {
        errors.push({ pointer: `${pointer}/${key}`, detail: 'must be a list of rules' });
        return;
      }
      for (const [index, child] of children.entries()) walk(child, `${pointer}/${key}/${index}`, depth + 1);
      return;
    }
    if ('notReceived' in node) {
      conditions++;
      for (const extra of keys.filter((k) => k !== 'notReceived'))
        errors.push({ pointer: `${pointer}/${extra}`, detail: 'is not allowed beside "notReceived"' });
      const body = node.notReceived;
      if (!isRecord(body)) {
        errors.push({ pointer: `${pointer}/notReceived`, detail: 'must be {programmeId, years}' });
        return;
      }
      for (const extra of Object.keys(body).filter((k) => k !== 'programmeId' && k !== 'years'))
        errors.push({ pointer: `${pointer}/notReceived/${extra}`, detail: 'is not a known field' });
      if (typeof body.programmeId !== 'string' || !UUID.test(body.programmeId))
        errors.push({
          pointer: `${pointer}/notReceived/programmeId`,
          detail: 'must be a programme id (uuid)',
        });
      if (
        typeof body.years !== 'number' ||
        !Number.isInteger(body.years) ||
        body.years < 1 ||
        body.years > 50
      )
        errors.push({
          pointer: `${pointer}/notReceived/years`,
          detail: 'must be a whole number of years from 1 to 50',
        });
      return;
    }
    if (!('field' in node)) {
      errors.push({ pointer, detail: 'must have "all", "any", "field" or "notReceived"' });
      return;
    }
    conditions++;
    for (const extra of keys.filter((k) => k !== 'field' && k !== 'op' && k !== 'value'))
      errors.push({ pointer: `${pointer}/${extra}`, detail: 'is not a known field' });
    const field = node.field;
    if (typeof field !== 'string' || !Object.hasOwn(FIELDS, field)) {
      errors.push({
        pointer: `${pointer}/field`,
        detail: `is not a known field; known: ${FIELD_NAMES.join(', ')}`,
      });
      return;
    }
    const name = field as FieldName;
    const spec: FieldSpec = FIELDS[name];
    const op = node.op;
    if (typeof op !== 'string' || !(OPERATORS as readonly string[]).includes(op)) {
      errors.push({ pointer: `${pointer}/op`, detail: `must be one of ${OPERATORS.join(' ')}` });
      return;
    }
    if (!OPERATORS_BY_TYPE[spec.type].includes(op as Operator)) {
      errors.push({
        pointer: `${pointer}/op`,
        detail: `"${op}" cannot compare ${name} (${spec.type}); use ${OPERATORS_BY_TYPE[spec.type].join(' ')}`,
      });
      return;
    }
    if (!('value' in node)) {
      errors.push({ pointer: `${pointer}/value`, detail: 'is required' });
      return;
    }
    const value = node.value;
    if (op === 'in' || op === 'not_in') {
      if (!Array.isArray(value) || value.length === 0 || value.length > MAX_LIST) {
        errors.push({ pointer: `${pointer}/value`, detail: `must be a list of 1 to ${MAX_LIST} values` });
        return;
      }
      for (const [index, item] of value.entries())
        checkScalar(name, item, `${pointer}/value/${index}`, errors);
      return;
    }
    checkScalar(name, value, `${pointer}/value`, errors);
  };
  walk(input, base, 0);
  if (conditions > MAX_CONDITIONS)
    errors.push({ pointer: base, detail: `has ${conditions} conditions; at most ${MAX_CONDITIONS}` });
  return errors;
}

export function isGroup(rule: Rule): rule is { all: Rule[] } | { any: Rule[] } {
  return 'all' in rule || 'any' in rule;
}

/** Every programme a rule tree names in notReceived conditions. */
export function programmesNamed(rule: Rule): string[] {
  const found = new Set<string>();
  const walk = (node: Rule): void => {
    if ('all' in node) node.all.forEach(walk);
    else if ('any' in node) node.any.forEach(walk);
    else if ('notReceived' in node) found.add(node.notReceived.programmeId.toLowerCase());
  };
  walk(rule);
  return [...found];
}

/** The moment before which a benefit no longer counts for "not received in the last N years". */
export function cutoffFor(asOf: Date, years: number): Date {
  const cutoff = new Date(asOf.getTime());
  cutoff.setUTCFullYear(cutoff.getUTCFullYear() - years);
  return cutoff;
}

/**
 * A programme's territorial scope as a rule: the actor's region or province is one of the listed
 * codes (regions '01', provinces '01.511'). Null for a national programme (no restriction).
 */
export function scopeRule(territoryCodes: readonly string[] | null): Rule | null {
  if (!territoryCodes) return null;
  const regions = territoryCodes.filter((code) => /^[0-9]{2}$/.test(code));
  const provinces = territoryCodes.filter((code) => /^[0-9]{2}\.[0-9]{3}$/.test(code));
  const any: Rule[] = [];
  if (regions.length) any.push({ field: 'region', op: 'in', value: regions });
  if (provinces.length) any.push({ field: 'province', op: 'in', value: provinces });
  return { any };
}

/** Every code a (valid) rule tree compares a region, province, branch or activity with, and where. */
export function codesNamed(
  rule: Rule,
  base = '',
): { field: 'region' | 'province' | 'branch' | 'activity'; code: string; pointer: string }[] {
  const found: { field: 'region' | 'province' | 'branch' | 'activity'; code: string; pointer: string }[] = [];
  const walk = (node: Rule, pointer: string): void => {
    if ('all' in node) for (const [i, child] of node.all.entries()) walk(child, `${pointer}/all/${i}`);
    else if ('any' in node) for (const [i, child] of node.any.entries()) walk(child, `${pointer}/any/${i}`);
    else if ('field' in node) {
      const field = node.field;
      if (field !== 'region' && field !== 'province' && field !== 'branch' && field !== 'activity') return;
      if (Array.isArray(node.value))
        for (const [i, code] of node.value.entries())
          found.push({ field, code, pointer: `${pointer}/value/${i}` });
      else found.push({ field, code: String(node.value), pointer: `${pointer}/value` });
    }
  };
  walk(rule, base);
  return found;
}
