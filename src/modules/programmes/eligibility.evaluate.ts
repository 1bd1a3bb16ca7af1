/**
 * The TypeScript evaluator of the rule language: one applicant's facts against a call's rules, with a
 * plain-language explanation of each rule's pass or fail in French, Arabic and English. It must
 * agree with the SQL compiler (eligibility.sql.ts) on every actor; a test checks both on a seeded
 * random registry. An unknown fact (members not given, no founding date) fails the condition.
 */
import {
  type ComparisonOperator,
  type Condition,
  cutoffFor,
  FIELDS,
  type FieldName,
  isGroup,
  type NotReceived,
  percentToHundredths,
  type Rule,
} from './eligibility.rules.js';

/** What the rules may look at, for one actor. */
export interface ActorFacts {
  id: string;
  kind: string;
  region_code: string;
  province_code: string;
  branch_code: string | null;
  activity_code: string | null;
  founded_on: string | null;
  nia: string | null;
  coastal: boolean;
  women_led: boolean;
  members_women: number | null;
  members_men: number | null;
  members_youth: number | null;
  members_disabled: number | null;
  status: string;
  merged_into: string | null;
  /** Benefits received (any programme), newest first or in any order. */
  benefits: { programme_id: string; granted_at: Date; status: string }[];
}

export interface Message {
  fr: string;
  ar: string;
  en: string;
}

export interface Explanation {
  /** JSON pointer into the call's rules ('' = the whole tree); '#base' for the registry check. */
  pointer: string;
  kind: 'all' | 'any' | 'condition' | 'notReceived' | 'base';
  pass: boolean;
  field?: string;
  op?: string;
  /** The actor's value (null when unknown) and the rule's value. */
  actual?: string | number | boolean | null;
  expected?: unknown;
  message: Message;
  children?: Explanation[];
}

export interface EligibilityResult {
  eligible: boolean;
  asOf: string;
  base: Explanation;
  /** The programme's territorial scope ('#scope'); null for a national programme. */
  scope: Explanation | null;
  rules: Explanation;
}

export interface EvaluateOptions {
  /** The moment "the last N years" counts back from. */
  asOf: Date;
  /** Names to show for programmes named in notReceived conditions, by id. */
  programmeLabels?: ReadonlyMap<string, string>;
  /** The programme's territorial scope (scopeRule), checked besides the call's rules. */
  scope?: Rule | null;
  /** The scope's territory codes, shown in its explanation. */
  scopeCodes?: readonly string[];
}

const MEMBER_COUNT: Record<'women_share' | 'youth_share' | 'disabled_share', keyof ActorFacts> = {
  women_share: 'members_women',
  youth_share: 'members_youth',
  disabled_share: 'members_disabled',
};

export function membersCount(facts: ActorFacts): number | null {
  if (facts.members_women === null && facts.members_men === null) return null;
  return (facts.members_women ?? 0) + (facts.members_men ?? 0);
}

function compare(actual: number | string, op: ComparisonOperator, expected: number | string): boolean {
  switch (op) {
    case '=':
      return actual === expected;
    case '!=':
      return actual !== expected;
    case '<':
      return actual < expected;
    case '<=':
      return actual <= expected;
    case '>':
      return actual > expected;
    case '>=':
      return actual >= expected;
  }
}

/** The actor's value of a field as the rules see it (shares in percent, unrounded). */
export function factValue(facts: ActorFacts, field: FieldName): string | number | boolean | null {
  switch (field) {
    case 'kind':
      return facts.kind;
    case 'region':
      return facts.region_code;
    case 'province':
      return facts.province_code;
    case 'branch':
      return facts.branch_code;
    case 'activity':
      return facts.activity_code;
    case 'members_count':
      return membersCount(facts);
    case 'founded_on':
      return facts.founded_on;
    case 'has_nia':
      return facts.nia !== null;
    case 'coastal':
      return facts.coastal;
    case 'women_led':
      return facts.women_led;
    case 'women_share':
    case 'youth_share':
    case 'disabled_share': {
      const part = facts[MEMBER_COUNT[field]] as number | null;
      const total = membersCount(facts);
      if (part === null || total === null || total <= 0) return null;
      return (100 * part) / total;
    }
  }
}

/** Whether one condition holds; exact integer arithmetic for shares, like the SQL. */
export function conditionHolds(facts: ActorFacts, condition: Condition): boolean {
  const { field, op, value } = condition;
  if (FIELDS[field].type === 'percent') {
    const part = facts[MEMBER_COUNT[field as keyof typeof MEMBER_COUNT]] as number | null;
    const total = membersCount(facts);
    if (part === null || total === null || total <= 0) return false;
    return compare(10000 * part, op as ComparisonOperator, percentToHundredths(value as number) * total);
  }
  const actual = factValue(facts, field);
  if (actual === null) return false;
  if (op === 'in') return (value as string[]).includes(actual as string);
  if (op === 'not_in') return !(value as string[]).includes(actual as string);
  if (typeof actual === 'boolean') return op === '=' ? actual === value : actual !== value;
  return compare(actual as string | number, op, value as string | number);
}

function lastBenefit(facts: ActorFacts, rule: NotReceived, asOf: Date): Date | null {
  const cutoff = cutoffFor(asOf, rule.notReceived.years).getTime();
  const programme = rule.notReceived.programmeId.toLowerCase();
  let latest: Date | null = null;
  for (const benefit of facts.benefits) {
    if (benefit.programme_id.toLowerCase() !== programme) continue;
    if (benefit.status !== 'granted' && benefit.status !== 'delivered') continue;
    if (benefit.granted_at.getTime() < cutoff) continue;
    if (!latest || benefit.granted_at > latest) latest = benefit.granted_at;
  }
  return latest;
}

/** Just the verdict, without explanations (the baseline of the benchmark). */
export function ruleHolds(facts: ActorFacts, rule: Rule, asOf: Date): boolean {
  if ('all' in rule) return rule.all.every((child) => ruleHolds(facts, child, asOf));
  if ('any' in rule) return rule.any.some((child) => ruleHolds(facts, child, asOf));
  if ('notReceived' in rule) return lastBenefit(facts, rule, asOf) === null;
  return conditionHolds(facts, rule);
}

export function baseHolds(facts: ActorFacts): boolean {
  return facts.status === 'active' && facts.merged_into === null;
}

export function isEligible(facts: ActorFacts, rule: Rule, asOf: Date): boolean {
  return baseHolds(facts) && ruleHolds(facts, rule, asOf);
}

// ---- explanations ------------------------------------------------------------------------------

const MARK = (pass: boolean) => (pass ? '✔' : '✘');

const KIND_LABELS: Record<string, Message> = {
  artisan: { fr: 'Artisan', ar: 'صانع تقليدي', en: 'Artisan' },
  master_artisan: { fr: 'Maître artisan', ar: 'معلم حرفي', en: 'Master artisan' },
  cooperative: { fr: 'Coopérative', ar: 'تعاونية', en: 'Cooperative' },
  association: { fr: 'Association', ar: 'جمعية', en: 'Association' },
  mutual: { fr: 'Mutuelle', ar: 'تعاضدية', en: 'Mutual' },
  ess_enterprise: {
    fr: "Entreprise de l'ESS",
    ar: 'مقاولة الاقتصاد الاجتماعي والتضامني',
    en: 'SSE enterprise',
  },
};
const UNKNOWN: Message = { fr: 'non renseigné', ar: 'غير متوفر', en: 'not known' };
const YES: Message = { fr: 'oui', ar: 'نعم', en: 'yes' };
const NO: Message = { fr: 'non', ar: 'لا', en: 'no' };
const SYMBOLS: Record<ComparisonOperator, string> = {
  '=': '=',
  '!=': '≠',
  '<': '<',
  '<=': '≤',
  '>': '>',
  '>=': '≥',
};
const LIST_WORDS: Record<'in' | 'not_in', Message> = {
  in: { fr: 'parmi', ar: 'ضمن', en: 'one of' },
  not_in: { fr: 'hors de', ar: 'خارج', en: 'not one of' },
};
const REQUIRED: Message = { fr: 'attendu', ar: 'المطلوب', en: 'required' };
type Lang = keyof Message;
const LANGS: Lang[] = ['fr', 'ar', 'en'];

function formatNumber(value: number, lang: Lang): string {
  const rounded = Math.round(value * 10) / 10;
  const text = Number.isInteger(rounded) ? String(rounded) : rounded.toFixed(1);
  return lang === 'fr' ? text.replace('.', ',') : text;
}

function formatValue(field: FieldName, value: unknown, lang: Lang): string {
  if (value === null || value === undefined) return UNKNOWN[lang];
  const type = FIELDS[field].type;
  if (type === 'boolean') return (value ? YES : NO)[lang];
  if (type === 'percent') return `${formatNumber(value as number, lang)}${lang === 'en' ? '%' : ' %'}`;
  if (type === 'integer') return formatNumber(value as number, lang);
  if (type === 'enum') return KIND_LABELS[String(value)]?.[lang] ?? String(value);
  return String(value);
}

function per(build: (lang: Lang) => string): Message {
  return { fr: build('fr'), ar: build('ar'), en: build('en') };
}

function label(field: FieldName, lang: Lang): string {
  return FIELDS[field].label[lang];
}

function colon(lang: Lang): string {
  return lang === 'fr' ? ' : ' : ': ';
}

function explainCondition(facts: ActorFacts, condition: Condition, pointer: string): Explanation {
  const { field, op, value } = condition;
  const pass = conditionHolds(facts, condition);
  const actual = factValue(facts, field);
  const shown = (lang: Lang) => formatValue(field, actual, lang);
  let message: Message;
  if (op === 'in' || op === 'not_in') {
    message = per(
      (lang) =>
        `${label(field, lang)}${colon(lang)}${shown(lang)}, ${LIST_WORDS[op][lang]} ${(value as string[])
          .map((item) => formatValue(field, item, lang))
          .join(lang === 'ar' ? '، ' : ', ')} ${MARK(pass)}`,
    );
  } else if (FIELDS[field].type === 'boolean') {
    const wanted = op === '=' ? value : !value;
    message = per(
      (lang) =>
        `${label(field, lang)}${colon(lang)}${shown(lang)} (${REQUIRED[lang]}${colon(lang)}${formatValue(field, wanted, lang)}) ${MARK(pass)}`,
    );
  } else {
    message = per(
      (lang) =>
        `${label(field, lang)}${colon(lang)}${shown(lang)} ${SYMBOLS[op]} ${formatValue(field, value, lang)} ${MARK(pass)}`,
    );
  }
  return {
    pointer,
    kind: 'condition',
    pass,
    field,
    op,
    actual: typeof actual === 'number' ? Math.round(actual * 100) / 100 : actual,
    expected: value,
    message,
  };
}

function explainNotReceived(
  facts: ActorFacts,
  rule: NotReceived,
  pointer: string,
  options: EvaluateOptions,
): Explanation {
  const last = lastBenefit(facts, rule, options.asOf);
  const pass = last === null;
  const id = rule.notReceived.programmeId;
  const name = options.programmeLabels?.get(id.toLowerCase()) ?? id;
  const since = cutoffFor(options.asOf, rule.notReceived.years).toISOString().slice(0, 10);
  const received = last?.toISOString().slice(0, 10) ?? '';
  const message: Message = {
    fr: `N'a pas bénéficié du programme ${name} depuis le ${since} (${rule.notReceived.years} ans) : ${
      pass ? 'aucun bénéfice' : `bénéfice reçu le ${received}`
    } ${MARK(pass)}`,
    ar: `لم يستفد من البرنامج ${name} منذ ${since} (${rule.notReceived.years} سنوات): ${
      pass ? 'لا توجد استفادة' : `استفادة بتاريخ ${received}`
    } ${MARK(pass)}`,
    en: `Has not received programme ${name} since ${since} (${rule.notReceived.years} years): ${
      pass ? 'none received' : `received on ${received}`
    } ${MARK(pass)}`,
  };
  return {
    pointer,
    kind: 'notReceived',
    pass,
    actual: last ? received : null,
    expected: rule.notReceived,
    message,
  };
}

function explainRule(facts: ActorFacts, rule: Rule, pointer: string, options: EvaluateOptions): Explanation {
  if (isGroup(rule)) {
    const kind = 'all' in rule ? 'all' : 'any';
    const items = 'all' in rule ? rule.all : rule.any;
    const children = items.map((child, index) =>
      explainRule(facts, child, `${pointer}/${kind}/${index}`, options),
    );
    const met = children.filter((child) => child.pass).length;
    const pass = kind === 'all' ? met === children.length : met > 0;
    const n = children.length;
    const message: Message =
      kind === 'all'
        ? {
            fr: `Toutes les conditions suivantes (${met} sur ${n} remplies) ${MARK(pass)}`,
            ar: `جميع الشروط التالية (${met} من ${n} مستوفاة) ${MARK(pass)}`,
            en: `All of the following (${met} of ${n} met) ${MARK(pass)}`,
          }
        : {
            fr: `Au moins une des conditions suivantes (${met} sur ${n} remplies) ${MARK(pass)}`,
            ar: `شرط واحد على الأقل من الشروط التالية (${met} من ${n} مستوفاة) ${MARK(pass)}`,
            en: `At least one of the following (${met} of ${n} met) ${MARK(pass)}`,
          };
    return { pointer, kind, pass, message, children };
  }
  if ('notReceived' in rule) return explainNotReceived(facts, rule, pointer, options);
  return explainCondition(facts, rule, pointer);
}

/** The verdict with one explanation per rule, in the three languages. */
export function evaluateEligibility(
  facts: ActorFacts,
  rule: Rule,
  options: EvaluateOptions,
): EligibilityResult {
  const basePass = baseHolds(facts);
  const base: Explanation = {
    pointer: '#base',
    kind: 'base',
    pass: basePass,
    actual: facts.merged_into ? 'merged' : facts.status,
    message: per(
      (lang) =>
        `${{ fr: 'Acteur actif dans le registre', ar: 'فاعل نشيط في السجل', en: 'Active actor in the registry' }[lang]}${colon(
          lang,
        )}${(basePass ? YES : NO)[lang]} ${MARK(basePass)}`,
    ),
  };
  let scope: Explanation | null = null;
  if (options.scope) {
    const pass = ruleHolds(facts, options.scope, options.asOf);
    const codes = (options.scopeCodes ?? []).join(', ');
    scope = {
      pointer: '#scope',
      kind: 'base',
      pass,
      actual: facts.province_code,
      expected: options.scopeCodes ?? [],
      message: {
        fr: `Territoire du programme (${codes}) : ${facts.province_code} ${MARK(pass)}`,
        ar: `المجال الترابي للبرنامج (${codes}): ${facts.province_code} ${MARK(pass)}`,
        en: `Programme territory (${codes}): ${facts.province_code} ${MARK(pass)}`,
      },
    };
  }
  const rules = explainRule(facts, rule, '', options);
  return {
    eligible: basePass && (scope?.pass ?? true) && rules.pass,
    asOf: options.asOf.toISOString(),
    base,
    scope,
    rules,
  };
}

/** The explanation as indented lines in one language (for letters, logs and tests). */
export function explanationLines(result: EligibilityResult, lang: Lang): string[] {
  const lines = [result.base.message[lang]];
  if (result.scope) lines.push(result.scope.message[lang]);
  const walk = (node: Explanation, depth: number): void => {
    lines.push(`${'  '.repeat(depth)}${node.message[lang]}`);
    for (const child of node.children ?? []) walk(child, depth + 1);
  };
  walk(result.rules, 0);
  return lines;
}

export { LANGS };
