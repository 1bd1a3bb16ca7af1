import { type Kysely, sql } from 'kysely';
import type { ActorRow, Database } from '../../db/database.js';
import { AppError } from '../../shared/errors.js';
import { searchKey } from '../../shared/normalise.js';
import type { Context } from '../../shared/principal.js';
import { filteredActors } from './actors.repository.js';
import { reduceIdentifier } from './actors.rules.js';
import type { ActorListQuery } from './actors.schemas.js';

/** Below this trigram word similarity a name does not count as a match. */
export const NAME_MATCH_THRESHOLD = 0.3;
const DEFAULT_LIMIT = 50;
const IDENTIFIER_COLUMNS = [
  'nia',
  'cin',
  'ice',
  'rc_number',
  'if_number',
  'coop_register_number',
  'association_receipt',
] as const;

export type ListedActor = Pick<
  ActorRow,
  | 'id'
  | 'kind'
  | 'name_fr'
  | 'name_ar'
  | 'province_code'
  | 'region_code'
  | 'commune'
  | 'branch_code'
  | 'status'
  | 'women_led'
  | 'coastal'
  | 'created_at'
> & { score: number | null; matched_identifier: string | null };

export interface ActorPage {
  items: ListedActor[];
  total: number;
  nextCursor: string | null;
}

const LIST_COLUMNS = [
  'actors.id',
  'actors.kind',
  'actors.name_fr',
  'actors.name_ar',
  'actors.province_code',
  'actors.region_code',
  'actors.commune',
  'actors.branch_code',
  'actors.status',
  'actors.women_led',
  'actors.coastal',
  'actors.created_at',
] as const;

function encodeCursor(values: unknown[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

function decodeCursor(cursor: string): [string, string] {
  try {
    const values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(values) && values.length === 2 && values.every((v) => typeof v === 'string'))
      return values as [string, string];
  } catch {
    // fall through to the error below
  }
  throw new AppError('VALIDATION_FAILED', 'The cursor is not one this API gave', {
    errors: [
      { pointer: '/querystring/cursor', detail: 'pass back the nextCursor of the previous page unchanged' },
    ],
  });
}

/**
 * The registry list: filters, sort by name or newest first, keyset pagination (stable under inserts,
 * fast at any depth) and the total count. With `q`, a search by any identifier or by name in either
 * script, ranked by relevance (one page, the best matches).
 */
export async function listActors(
  db: Kysely<Database>,
  ctx: Context,
  query: ActorListQuery,
): Promise<ActorPage> {
  if (query.q) return searchActors(db, ctx, query);
  const limit = query.limit ?? DEFAULT_LIMIT;
  const base = filteredActors(db, ctx.principal, query);
  const countRow = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();

  const sortByName = query.sort === 'name';
  const sortKey = sql<string>`coalesce(actors.name_fr, actors.name_ar)`;
  // The cursor keeps the timestamp as PostgreSQL's own text (microseconds); a JavaScript Date would cut
  // it to milliseconds and skip or repeat rows created in the same millisecond (a whole import batch).
  let page = base
    .select(LIST_COLUMNS)
    .select([
      sql<null>`null`.as('score'),
      sql<null>`null`.as('matched_identifier'),
      sql<string>`actors.created_at::text`.as('created_at_key'),
    ]);
  if (query.cursor) {
    const [value, id] = decodeCursor(query.cursor);
    page = sortByName
      ? page.where(sql<boolean>`(${sortKey}, actors.id) > (${value}, ${id}::uuid)`)
      : page.where(sql<boolean>`(actors.created_at, actors.id) < (${value}::timestamptz, ${id}::uuid)`);
  }
  page = sortByName
    ? page.orderBy(sortKey).orderBy('actors.id')
    : page.orderBy('actors.created_at', 'desc').orderBy('actors.id', 'desc');
  const items = (await page.limit(limit + 1).execute()) as Array<ListedActor & { created_at_key: string }>;
  const hasMore = items.length > limit;
  const shown = items.slice(0, limit);
  const last = shown.at(-1);
  const nextCursor =
    hasMore && last
      ? encodeCursor(
          sortByName ? [last.name_fr ?? last.name_ar ?? '', last.id] : [last.created_at_key, last.id],
        )
      : null;
  return {
    items: shown.map(({ created_at_key: _key, ...item }) => item),
    total: Number(countRow?.n ?? 0),
    nextCursor,
  };
}

/** Identifier matches first (exact, after reduction), then names by trigram word similarity. */
async function searchActors(db: Kysely<Database>, ctx: Context, query: ActorListQuery): Promise<ActorPage> {
  const limit = query.limit ?? DEFAULT_LIMIT;
  const text = query.q ?? '';
  const reduced = reduceIdentifier(text);
  const looksLikeIdentifier = /^[A-Z0-9]{2,30}$/.test(reduced) && /[0-9]/.test(reduced);
  const key = searchKey(text);
  const items: ListedActor[] = [];
  if (looksLikeIdentifier) {
    const byIdentifier = await filteredActors(db, ctx.principal, query)
      .select(LIST_COLUMNS)
      .select((eb) => [
        sql<number>`1`.as('score'),
        eb
          .case()
          .when('actors.nia', '=', reduced)
          .then('nia')
          .when('actors.cin', '=', reduced)
          .then('cin')
          .when('actors.ice', '=', reduced)
          .then('ice')
          .when('actors.rc_number', '=', reduced)
          .then('rcNumber')
          .when('actors.if_number', '=', reduced)
          .then('ifNumber')
          .when('actors.coop_register_number', '=', reduced)
          .then('coopRegisterNumber')
          .else('associationReceipt')
          .end()
          .as('matched_identifier'),
      ])
      .where((eb) => eb.or(IDENTIFIER_COLUMNS.map((column) => eb(`actors.${column}`, '=', reduced))))
      .limit(limit)
      .execute();
    items.push(...(byIdentifier as ListedActor[]));
  }
  if (key && items.length < limit) {
    const byName = await db.transaction().execute(async (trx) => {
      // The <% operator uses the trigram index with this threshold; the score ranks what it finds.
      await sql`SELECT set_config('pg_trgm.word_similarity_threshold', ${String(NAME_MATCH_THRESHOLD)}, true)`.execute(
        trx,
      );
      // Nearest names first by word-similarity distance (the GiST index walks them in that order and
      // stops at the limit); ORDER BY must be the bare distance, or PostgreSQL sorts every candidate.
      const nearest = await filteredActors(trx, ctx.principal, query)
        .select(LIST_COLUMNS)
        .select([
          sql<number>`greatest(word_similarity(${key}, actors.search_key), similarity(${key}, actors.search_key))`.as(
            'score',
          ),
          sql<null>`null`.as('matched_identifier'),
        ])
        .where(sql<boolean>`${key} <% actors.search_key`)
        .orderBy(sql`${key} <<-> actors.search_key`)
        .limit(limit)
        .execute();
      // Final order: the combined score, then id, so equal scores always come in the same order.
      return nearest.sort(
        (a, b) => Number(b.score) - Number(a.score) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
      );
    });
    const seen = new Set(items.map((item) => item.id));
    for (const row of byName as ListedActor[]) {
      if (items.length >= limit) break;
      if (!seen.has(row.id)) items.push({ ...row, score: Number(row.score) });
    }
  }
  return { items, total: items.length, nextCursor: null };
}
