/**
 * The eligibility rule language of the programmes module (src/modules/programmes/README.md) read
 * aloud: each node of a rule tree becomes one sentence in the UI language, indented by depth.
 */
import type { TFunction } from 'i18next';

export const RULE_FIELDS = [
  'kind',
  'region',
  'province',
  'branch',
  'activity',
  'women_share',
  'youth_share',
  'disabled_share',
  'members_count',
  'founded_on',
  'has_nia',
  'coastal',
  'women_led',
] as const;
export type RuleField = (typeof RULE_FIELDS)[number];

export const RULE_OPS = ['=', '!=', '<', '<=', '>', '>=', 'in', 'not_in'] as const;
export type RuleOp = (typeof RULE_OPS)[number];

const OP_WORD: Record<RuleOp, string> = {
  '=': 'eq',
  '!=': 'ne',
  '<': 'lt',
  '<=': 'le',
  '>': 'gt',
  '>=': 'ge',
  in: 'in',
  not_in: 'notIn',
};

export interface RuleLine {
  depth: number;
  text: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isField(value: unknown): value is RuleField {
  return typeof value === 'string' && (RULE_FIELDS as readonly string[]).includes(value);
}

function isOp(value: unknown): value is RuleOp {
  return typeof value === 'string' && (RULE_OPS as readonly string[]).includes(value);
}

function valueText(t: TFunction, field: RuleField, value: unknown): string {
  if (Array.isArray(value)) return value.map((v) => valueText(t, field, v)).join(', ');
  if (field === 'kind' && typeof value === 'string') return t(`actorKind.${value}`, { defaultValue: value });
  if (typeof value === 'boolean') return value ? t('programme.rule.yes') : t('programme.rule.no');
  if (field.endsWith('_share') && typeof value === 'number') return `${value} %`;
  return String(value);
}

/** One sentence per node, in reading order; unknown shapes are shown as their JSON. */
export function ruleLines(t: TFunction, rule: unknown, depth = 0): RuleLine[] {
  if (!isRecord(rule)) return [];
  if (Array.isArray(rule.all)) {
    if (depth === 0 && rule.all.length === 0) return [{ depth, text: t('programme.rule.none') }];
    return [
      { depth, text: t('programme.rule.all') },
      ...rule.all.flatMap((r: unknown) => ruleLines(t, r, depth + 1)),
    ];
  }
  if (Array.isArray(rule.any)) {
    return [
      { depth, text: t('programme.rule.any') },
      ...rule.any.flatMap((r: unknown) => ruleLines(t, r, depth + 1)),
    ];
  }
  if (isRecord(rule.notReceived)) {
    return [
      { depth, text: t('programme.rule.notReceived', { years: String(rule.notReceived.years ?? '?') }) },
    ];
  }
  if (isField(rule.field) && isOp(rule.op)) {
    return [
      {
        depth,
        text: t(`programme.op.${OP_WORD[rule.op]}`, {
          field: t(`programme.field.${rule.field}`),
          value: valueText(t, rule.field, rule.value),
        }),
      },
    ];
  }
  return [{ depth, text: JSON.stringify(rule) }];
}
