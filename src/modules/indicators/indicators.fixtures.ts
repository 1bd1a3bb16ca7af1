import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import { systemContext } from '../../shared/principal.js';
import type { IndicatorCreate } from './indicators.schemas.js';
import { createIndicator } from './indicators.service.js';

/**
 * Test data for the indicators module: a convention with a commitment of a given organisation. The
 * conventions module owns these tables; tests write the rows directly to stay independent of its API.
 */
export async function makeCommitment(
  db: Kysely<Database>,
  options: {
    organisationId: string;
    territories?: string[];
    published?: boolean;
    startsOn?: string | null;
    endsOn?: string | null;
    reference?: string;
  },
): Promise<string> {
  const reference = options.reference ?? `CONV-${Math.random().toString(36).slice(2, 10)}`;
  const convention = await db
    .insertInto('conventions')
    .values({
      reference,
      title_fr: `Convention ${reference}`,
      status: 'signed',
      signed_on: '2025-06-17',
      published: options.published ?? true,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('convention_parties')
    .values({ convention_id: convention.id, organisation_id: options.organisationId, role: 'party' })
    .execute();
  const commitment = await db
    .insertInto('commitments')
    .values({
      convention_id: convention.id,
      organisation_id: options.organisationId,
      title_fr: `Engagement ${reference}`,
      axis_code: 'TRAINING',
      scope: options.territories ? 'territories' : 'national',
      starts_on: options.startsOn ?? null,
      ends_on: options.endsOn ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (options.territories?.length) {
    await db
      .insertInto('commitment_territories')
      .values(options.territories.map((code) => ({ commitment_id: commitment.id, territory_code: code })))
      .execute();
  }
  return commitment.id;
}

export async function makeIndicator(
  db: Kysely<Database>,
  input: Partial<IndicatorCreate> & { code: string },
) {
  return createIndicator(db, systemContext('test'), {
    nameFr: `Indicateur ${input.code}`,
    nameAr: `مؤشر ${input.code}`,
    nameEn: `Indicator ${input.code}`,
    unit: 'persons',
    aggregation: 'sum',
    ...input,
  });
}

export async function linkIndicator(db: Kysely<Database>, commitmentId: string, indicatorId: string) {
  await db
    .insertInto('commitment_indicators')
    .values({ commitment_id: commitmentId, indicator_id: indicatorId })
    .execute();
}
