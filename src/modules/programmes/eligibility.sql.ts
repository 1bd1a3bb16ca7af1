/**
 * The SQL evaluator of the rule language: a validated rule tree compiled to one parameterised WHERE
 * condition over `actors AS a`. Column names and operators come from fixed tables in this file;
 * every value from the rules is a bound parameter. Each condition is wrapped in `IS TRUE` so an
 * unknown fact fails it, as in the TypeScript evaluator (eligibility.evaluate.ts).
 */
import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Database } from '../../db/database.js';
import type { ActorFacts } from './eligibility.evaluate.js';
import {
  type ComparisonOperator,
  type Condition,
  cutoffFor,
  type FieldName,
  percentToHundredths,
  programmesNamed,
  type Rule,
} from './eligibility.rules.js';

const SQL_OPERATORS: Record<ComparisonOperator, string> = {
  '=': '=',
  '!=': '<>',
  '<': '<',
  '<=': '<=',
  '>': '>',
  '>=': '>=',
};

const COLUMNS: Partial<Record<FieldName, string>> = {
  kind: 'a.kind',
  region: 'a.region_code',
  province: 'a.province_code',
  branch: 'a.branch_code',
  activity: 'a.activity_code',
  founded_on: 'a.founded_on',
  coastal: 'a.coastal',
  women_led: 'a.women_led',
};

const TOTAL =
  '(CASE WHEN a.members_women IS NULL AND a.members_men IS NULL THEN NULL ' +
  'ELSE coalesce(a.members_women, 0)::bigint + coalesce(a.members_men, 0)::bigint END)';
const SHARE_COLUMNS = {
  women_share: 'a.members_women',
  youth_share: 'a.members_youth',
  disabled_share: 'a.members_disabled',
} as const;

function condition(rule: Condition): RawBuilder<unknown> {
  const { field, op, value } = rule;
  if (field === 'women_share' || field === 'youth_share' || field === 'disabled_share') {
    const part = SHARE_COLUMNS[field];
    const threshold = percentToHundredths(value as number);
    return sql`(${sql.raw(part)} IS NOT NULL AND ${sql.raw(TOTAL)} > 0 AND 10000 * ${sql.raw(part)}::bigint ${sql.raw(
      SQL_OPERATORS[op as ComparisonOperator],
    )} ${threshold}::bigint * ${sql.raw(TOTAL)})`;
  }
  if (field === 'members_count')
    return sql`(${sql.raw(TOTAL)} ${sql.raw(SQL_OPERATORS[op as ComparisonOperator])} ${value as number}::bigint)`;
  if (field === 'has_nia')
    return sql`((a.nia IS NOT NULL) ${sql.raw(SQL_OPERATORS[op as ComparisonOperator])} ${value as boolean}::boolean)`;
  const column = COLUMNS[field];
  if (!column) throw new Error(`no column for ${field}`);
  if (op === 'in' || op === 'not_in') {
    const list = sql.join((value as string[]).map((item) => sql`${item}::text`));
    return sql`(${sql.raw(column)} ${sql.raw(op === 'in' ? 'IN' : 'NOT IN')} (${list}))`;
  }
  const cast =
    field === 'founded_on' ? 'date' : field === 'coastal' || field === 'women_led' ? 'boolean' : 'text';
  return sql`(${sql.raw(column)} ${sql.raw(SQL_OPERATORS[op as ComparisonOperator])} ${value}::${sql.raw(cast)})`;
}

/** The rule tree as a boolean SQL expression over `actors AS a`, with its values bound. */
export function compileRule(rule: Rule, asOf: Date): RawBuilder<boolean> {
  if ('all' in rule) {
    if (rule.all.length === 0) return sql<boolean>`TRUE`;
    return sql<boolean>`(${sql.join(
      rule.all.map((child) => compileRule(child, asOf)),
      sql` AND `,
    )})`;
  }
  if ('any' in rule) {
    if (rule.any.length === 0) return sql<boolean>`FALSE`;
    return sql<boolean>`(${sql.join(
      rule.any.map((child) => compileRule(child, asOf)),
      sql` OR `,
    )})`;
  }
  if ('notReceived' in rule) {
    const cutoff = cutoffFor(asOf, rule.notReceived.years);
    return sql<boolean>`(NOT EXISTS (SELECT 1 FROM benefits b WHERE b.actor_id = a.id AND b.programme_id = ${rule.notReceived.programmeId.toLowerCase()}::uuid AND b.status IN ('granted', 'delivered') AND b.granted_at >= ${cutoff.toISOString()}::timestamptz))`;
  }
  return sql<boolean>`(${condition(rule)} IS TRUE)`;
}

/** Live registry records only: not merged away, active. */
export const BASE_CONDITION = sql<boolean>`(a.merged_into IS NULL AND a.status = 'active')`;

export function eligibleCondition(rule: Rule, asOf: Date, scope: Rule | null = null): RawBuilder<boolean> {
  if (scope)
    return sql<boolean>`(${BASE_CONDITION} AND ${compileRule(scope, asOf)} AND ${compileRule(rule, asOf)})`;
  return sql<boolean>`(${BASE_CONDITION} AND ${compileRule(rule, asOf)})`;
}

/** How many actors of the registry a call's rules admit, and a sample of them (by name). */
export async function previewEligible(
  db: Kysely<Database>,
  rule: Rule,
  asOf: Date,
  sampleSize = 20,
  scope: Rule | null = null,
): Promise<{ count: number; sample: { id: string; name: string; kind: string; province_code: string }[] }> {
  const where = eligibleCondition(rule, asOf, scope);
  const [count, sample] = await Promise.all([
    sql<{ n: number }>`SELECT count(*)::int AS n FROM actors a WHERE ${where}`.execute(db),
    sql<{ id: string; name: string; kind: string; province_code: string }>`
      SELECT a.id, coalesce(a.name_fr, a.name_ar) AS name, a.kind, a.province_code
      FROM actors a WHERE ${where}
      ORDER BY coalesce(a.name_fr, a.name_ar), a.id LIMIT ${sampleSize}`.execute(db),
  ]);
  return { count: Number(count.rows[0]?.n ?? 0), sample: sample.rows };
}

/** The ids of every eligible actor (tests, selection). */
export async function eligibleIds(db: Kysely<Database>, rule: Rule, asOf: Date): Promise<string[]> {
  const result = await sql<{
    id: string;
  }>`SELECT a.id FROM actors a WHERE ${eligibleCondition(rule, asOf)}`.execute(db);
  return result.rows.map((row) => row.id);
}

/**
 * The facts the TypeScript evaluator needs, for the given actors (all when `ids` is null), with
 * their benefits from the programmes the rules name.
 */
export async function loadActorFacts(
  db: Kysely<Database>,
  ids: string[] | null,
  rule: Rule,
): Promise<ActorFacts[]> {
  let query = db
    .selectFrom('actors')
    .select([
      'id',
      'kind',
      'region_code',
      'province_code',
      'branch_code',
      'activity_code',
      sql<string | null>`to_char(founded_on, 'YYYY-MM-DD')`.as('founded_on'),
      'nia',
      'coastal',
      'women_led',
      'members_women',
      'members_men',
      'members_youth',
      'members_disabled',
      'status',
      'merged_into',
    ]);
  if (ids) {
    if (ids.length === 0) return [];
    query = query.where('id', 'in', ids);
  }
  const rows = await query.execute();
  const facts = new Map<string, ActorFacts>(rows.map((row) => [row.id, { ...row, benefits: [] }]));
  const programmes = programmesNamed(rule);
  if (programmes.length > 0) {
    let benefits = db
      .selectFrom('benefits')
      .select(['actor_id', 'programme_id', 'granted_at', 'status'])
      .where('programme_id', 'in', programmes);
    if (ids) benefits = benefits.where('actor_id', 'in', ids);
    for (const benefit of await benefits.execute()) {
      facts.get(benefit.actor_id)?.benefits.push({
        programme_id: benefit.programme_id,
        granted_at: new Date(benefit.granted_at),
        status: benefit.status,
      });
    }
  }
  return [...facts.values()];
}
