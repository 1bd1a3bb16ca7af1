import { type Expression, type Kysely, type SqlBool, sql } from 'kysely';
import type { Database } from '../../db/database.js';
import { AppError, notFound } from '../../shared/errors.js';
import type { Context } from '../../shared/principal.js';
import { recordAudit } from '../audit/audit.service.js';
import {
  DUPLICATE_COLUMNS,
  DUPLICATE_THRESHOLD,
  type DuplicatePair,
  type DuplicateReason,
  type DuplicateRecord,
  normalisePhone,
  scanDuplicates,
  scorePair,
} from './actors.duplicates.js';
import { visibleActors } from './actors.scope.js';
import type { ActorColumns } from './actors.validate.js';

/**
 * Runs a full scan and stores its pairs: open pairs are replaced; pairs a person already dismissed or
 * merged stay as they were decided.
 */
export async function refreshDuplicatePairs(
  db: Kysely<Database>,
  ctx: Context,
  onProgress?: (done: number, total: number) => void,
): Promise<{ pairs: DuplicatePair[]; stored: number }> {
  const pairs = await scanDuplicates(db, onProgress);
  const stored = await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('actor_duplicate_pairs').where('status', '=', 'open').execute();
    let inserted = 0;
    for (let i = 0; i < pairs.length; i += 1000) {
      const chunk = pairs.slice(i, i + 1000);
      const result = await trx
        .insertInto('actor_duplicate_pairs')
        .values(
          chunk.map((pair) => ({
            actor_a: pair.a,
            actor_b: pair.b,
            score: pair.score,
            reasons: JSON.stringify(pair.reasons),
          })),
        )
        .onConflict((oc) => oc.columns(['actor_a', 'actor_b']).doNothing())
        .executeTakeFirst();
      inserted += Number(result.numInsertedOrUpdatedRows ?? 0);
    }
    await recordAudit(trx, ctx, {
      action: 'actor_duplicates.scanned',
      entityType: 'actor_duplicates',
      entityId: 'registry',
      after: { pairsFound: pairs.length, openPairsStored: inserted },
    });
    return inserted;
  });
  return { pairs, stored };
}

export async function listDuplicatePairs(
  db: Kysely<Database>,
  status: 'open' | 'dismissed' | 'merged',
  limit: number,
) {
  return db
    .selectFrom('actor_duplicate_pairs as p')
    .innerJoin('actors as a', 'a.id', 'p.actor_a')
    .innerJoin('actors as b', 'b.id', 'p.actor_b')
    .select([
      'p.id',
      'p.score',
      'p.reasons',
      'p.status',
      'p.found_at',
      'a.id as a_id',
      'a.name_fr as a_name_fr',
      'a.name_ar as a_name_ar',
      'a.province_code as a_province',
      'a.kind as a_kind',
      'b.id as b_id',
      'b.name_fr as b_name_fr',
      'b.name_ar as b_name_ar',
      'b.province_code as b_province',
      'b.kind as b_kind',
    ])
    .where('p.status', '=', status)
    .orderBy('p.score', 'desc')
    .orderBy('p.id')
    .limit(limit)
    .execute();
}

export async function dismissDuplicatePair(db: Kysely<Database>, ctx: Context, id: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const pair = await trx
      .selectFrom('actor_duplicate_pairs')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    if (!pair) throw notFound('Duplicate pair', id);
    if (pair.status !== 'open') throw new AppError('CONFLICT', `This pair was already ${pair.status}`);
    await trx
      .updateTable('actor_duplicate_pairs')
      .set({ status: 'dismissed' })
      .where('id', '=', id)
      .execute();
    await recordAudit(trx, ctx, {
      action: 'actor_duplicates.dismissed',
      entityType: 'actor_duplicate_pair',
      entityId: id,
      before: { status: pair.status },
      after: { status: 'dismissed', actors: [pair.actor_a, pair.actor_b] },
    });
  });
}

export interface LikelyDuplicate {
  id: string;
  nameFr: string | null;
  nameAr: string | null;
  provinceCode: string;
  kind: string;
  score: number;
  reasons: DuplicateReason[];
}

/**
 * Records that look like a draft not yet saved, for the "is it already registered?" step of the
 * create form and of an import: candidates found by index (same identifier, phone or email; a
 * similar name in the same province), then scored like the full scan.
 */
export async function findLikelyDuplicates(
  db: Kysely<Database>,
  ctx: Context,
  draft: Pick<ActorColumns, DuplicateColumn>,
  minScore = 0.5,
): Promise<LikelyDuplicate[]> {
  const probe: DuplicateRecord = { id: '00000000-0000-0000-0000-000000000000', ...draft };
  const phone = normalisePhone(draft.phone);
  const candidates = await db.transaction().execute(async (trx) => {
    await sql`SELECT set_config('pg_trgm.similarity_threshold', '0.3', true)`.execute(trx);
    return trx
      .selectFrom('actors')
      .select([...DUPLICATE_COLUMNS, 'name_fr', 'name_ar'])
      .where('merged_into', 'is', null)
      .where(visibleActors(ctx.principal))
      .where((eb) => {
        const ors: Expression<SqlBool>[] = [
          eb.and([
            eb('province_code', '=', draft.province_code),
            sql<boolean>`search_key % ${draft.search_key}`,
          ]),
        ];
        for (const column of ['nia', 'ice', 'if_number', 'coop_register_number', 'cin', 'email'] as const) {
          const value = draft[column];
          if (value) ors.push(eb(column, '=', value));
        }
        if (phone)
          ors.push(
            sql<boolean>`regexp_replace(coalesce(phone, ''), '\\D', '', 'g') LIKE ${`%${phone.slice(1)}`}`,
          );
        return eb.or(ors);
      })
      .limit(100)
      .execute();
  });
  return candidates
    .map((candidate) => ({ candidate, ...scorePair(probe, candidate) }))
    .filter((scored) => scored.score >= minScore)
    .sort((x, y) => y.score - x.score)
    .slice(0, 10)
    .map(({ candidate, score, reasons }) => ({
      id: candidate.id,
      nameFr: candidate.name_fr,
      nameAr: candidate.name_ar,
      provinceCode: candidate.province_code,
      kind: candidate.kind,
      score,
      reasons,
    }));
}

type DuplicateColumn = Exclude<(typeof DUPLICATE_COLUMNS)[number], 'id'>;

export { DUPLICATE_THRESHOLD };
