import { type Kysely, sql } from 'kysely';
import type { Database, Disaggregation, IndicatorAggregation, IndicatorUnit } from '../../db/database.js';

/**
 * Test and benchmark setup: indicators, a partner with a convention and commitments, written
 * directly (the indicators and conventions modules own these tables; analytics only reads them,
 * and its tests need rows without going through those modules' workflows).
 */

export interface FixtureIndicator {
  code: string;
  unit?: IndicatorUnit;
  aggregation: IndicatorAggregation;
  temporal?: 'flow' | 'stock';
  disaggregations?: Disaggregation[];
  isDemo?: boolean;
}

export async function insertIndicator(db: Kysely<Database>, indicator: FixtureIndicator): Promise<string> {
  const row = await db
    .insertInto('indicators')
    .values({
      code: indicator.code,
      name_fr: `Indicateur ${indicator.code}`,
      name_ar: `مؤشر ${indicator.code}`,
      name_en: `Indicator ${indicator.code}`,
      unit: indicator.unit ?? 'number',
      aggregation: indicator.aggregation,
      temporal: indicator.temporal ?? 'flow',
      disaggregations: sql<Disaggregation[]>`${`{${(indicator.disaggregations ?? []).join(',')}}`}::text[]`,
      source: 'reported',
      is_demo: indicator.isDemo ?? false,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface FixtureCommitments {
  organisationId: string;
  conventionId: string;
  /** One commitment per axis given. */
  commitmentIds: string[];
}

/** A partner, one convention (published unless told) and one commitment per axis code given. */
export async function insertCommitments(
  db: Kysely<Database>,
  options: { name: string; axes: string[]; published?: boolean; isDemo?: boolean },
): Promise<FixtureCommitments> {
  const organisation = await db
    .insertInto('organisations')
    .values({
      kind: 'partner',
      partner_type: 'agency',
      name_fr: options.name,
      is_demo: options.isDemo ?? false,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const convention = await sql<{ id: string }>`
    INSERT INTO conventions (reference, title_fr, status, signed_on, published, is_demo)
    VALUES (${`CONV-${options.name}`.slice(0, 60)}, ${`Convention ${options.name}`}, 'signed', '2025-06-17',
      ${options.published ?? true}, ${options.isDemo ?? false})
    RETURNING id`.execute(db);
  const conventionId = convention.rows[0]?.id ?? '';
  await sql`INSERT INTO convention_parties (convention_id, organisation_id, role)
    VALUES (${conventionId}, ${organisation.id}, 'party')`.execute(db);
  const commitmentIds: string[] = [];
  for (const [index, axis] of options.axes.entries()) {
    const commitment = await sql<{ id: string }>`
      INSERT INTO commitments (convention_id, organisation_id, title_fr, axis_code, is_demo)
      VALUES (${conventionId}, ${organisation.id}, ${`Engagement ${index + 1} ${options.name}`}, ${axis}, ${options.isDemo ?? false})
      RETURNING id`.execute(db);
    commitmentIds.push(commitment.rows[0]?.id ?? '');
  }
  return { organisationId: organisation.id, conventionId, commitmentIds };
}

export async function linkIndicator(db: Kysely<Database>, commitmentId: string, indicatorId: string) {
  await sql`INSERT INTO commitment_indicators (commitment_id, indicator_id) VALUES (${commitmentId}, ${indicatorId})
    ON CONFLICT DO NOTHING`.execute(db);
}

export interface FixtureFact {
  indicatorId: string;
  commitmentId?: string | null;
  territory: string | null;
  grain: 'month' | 'quarter' | 'year';
  start: string;
  sex?: string;
  ageBand?: string;
  disability?: string;
  area?: string;
  coastal?: string;
  value?: number | null;
  numerator?: number | null;
  denominator?: number | null;
}

export async function insertFacts(db: Kysely<Database>, facts: FixtureFact[]): Promise<void> {
  for (let i = 0; i < facts.length; i += 1000) {
    await db
      .insertInto('indicator_facts')
      .values(
        facts.slice(i, i + 1000).map((fact) => ({
          indicator_id: fact.indicatorId,
          commitment_id: fact.commitmentId ?? null,
          territory_code: fact.territory,
          period_grain: fact.grain,
          period_start: fact.start,
          sex: (fact.sex ?? 'all') as 'all',
          age_band: (fact.ageBand ?? 'all') as 'all',
          disability: (fact.disability ?? 'all') as 'all',
          area: (fact.area ?? 'all') as 'all',
          coastal: (fact.coastal ?? 'all') as 'all',
          value: fact.value ?? null,
          numerator: fact.numerator ?? null,
          denominator: fact.denominator ?? null,
        })),
      )
      .execute();
  }
}
