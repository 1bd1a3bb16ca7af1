import type { ExpressionBuilder, Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/database.js';
import type { Principal } from '../../shared/principal.js';

type Db = Kysely<Database> | Transaction<Database>;

/**
 * What the indicators module needs to know about a commitment (owned by the conventions module):
 * read only, never written here.
 */
export interface CommitmentScope {
  id: string;
  conventionId: string;
  organisationId: string;
  scope: 'national' | 'territories';
  status: 'active' | 'completed' | 'cancelled';
  startsOn: string | null;
  endsOn: string | null;
  published: boolean;
  /** Regions and provinces listed when `scope` is 'territories'. */
  territories: string[];
}

export async function findCommitmentScope(db: Db, id: string): Promise<CommitmentScope | null> {
  const row = await db
    .selectFrom('commitments')
    .innerJoin('conventions', 'conventions.id', 'commitments.convention_id')
    .select([
      'commitments.id',
      'commitments.convention_id',
      'commitments.organisation_id',
      'commitments.scope',
      'commitments.status',
      'commitments.starts_on',
      'commitments.ends_on',
      'conventions.published',
    ])
    .where('commitments.id', '=', id)
    .executeTakeFirst();
  if (!row) return null;
  const territories = await db
    .selectFrom('commitment_territories')
    .select('territory_code')
    .where('commitment_id', '=', id)
    .orderBy('territory_code')
    .execute();
  return {
    id: row.id,
    conventionId: row.convention_id,
    organisationId: row.organisation_id,
    scope: row.scope,
    status: row.status,
    startsOn: row.starts_on,
    endsOn: row.ends_on,
    published: row.published,
    territories: territories.map((t) => t.territory_code),
  };
}

/**
 * Commitments a caller may see, as SQL over `commitments` joined to `conventions`: administrators
 * all; everyone else those of published conventions, plus a partner's own organisation's.
 */
export function visibleCommitments(principal: Principal) {
  return (eb: ExpressionBuilder<Database, 'commitments' | 'conventions'>) => {
    if (principal.role === 'admin') return eb.lit(true);
    const own = principal.organisationId;
    return own
      ? eb.or([eb('conventions.published', '=', true), eb('commitments.organisation_id', '=', own)])
      : eb('conventions.published', '=', true);
  };
}

export function canSeeCommitment(principal: Principal, commitment: CommitmentScope): boolean {
  return (
    principal.role === 'admin' ||
    commitment.published ||
    (principal.organisationId !== null && commitment.organisationId === principal.organisationId)
  );
}

/**
 * Whether a report's territory lies within a commitment's scope: a national commitment accepts
 * the nation (null) and any territory; a scoped one a listed territory or a province inside a
 * listed region.
 */
export function territoryInScope(commitment: CommitmentScope, territoryCode: string | null): boolean {
  if (commitment.scope === 'national') return true;
  if (territoryCode === null) return false;
  return commitment.territories.some(
    (code) => code === territoryCode || territoryCode.startsWith(`${code}.`),
  );
}
