import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { ActorRow, Database } from '../../db/database.js';
import { AppError } from '../../shared/errors.js';
import { searchKey } from '../../shared/normalise.js';
import type { Context } from '../../shared/principal.js';
import { filteredActors } from './actors.repository.js';
import { reduceIdentifier } from './actors.rules.js';
import type { ActorListQuery } from './actors.schemas.js';
import {
  byScoreThenId,
  groupsHeld,
  holdsWordsOf,
  knownWordGroups,
  slipRepairedReadings,
  WORD_CANDIDATE_CAP,
} from './actors.search-words.js';

/** Below this trigram word similarity a name does not count as a match. */
export const NAME_MATCH_THRESHOLD = 0.3;
const DEFAULT_LIMIT = 50;
/** Fewer records than this holding every query word, and those holding all but one are added. */
const ENOUGH_WORD_MATCHES = 5;
/** Records scored of those holding the words, when every query word is known (see `rankedHolders`). */
const RANKED_SHORTLIST = 500;
/** Records holding the words scored when a query word is unknown: all of them, up to this many. */
const SCORED_CAP = 2000;
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
    const seen = new Set(items.map((item) => item.id));
    for (const row of await actorsByName(db, ctx, query, key, limit)) {
      if (items.length >= limit) break;
      if (!seen.has(row.id)) items.push({ ...row, score: Number(row.score) });
    }
  }
  return { items, total: items.length, nextCursor: null };
}

/**
 * Names, in stages that each cost what their answer costs:
 * 1. the records holding every word of the query (misspelt words corrected to known words), and
 *    those holding every word of the query read with a space typed a letter early or late ("pourl e
 *    développement");
 * 2. if fewer than ENOUGH_WORD_MATCHES, after them, those holding all the words but one (a typo one
 *    edit cannot mend, a word the record lacks);
 * 3. when nothing was found, the nearest names by trigram distance: the words are ambiguous (more
 *    records hold them than a stage ranks: the KNN walk stops at the first exact names) or match
 *    nothing at all.
 * Each stage ranks by score; a record holding every word comes before one that lacks a word.
 */
async function actorsByName(
  db: Kysely<Database>,
  ctx: Context,
  query: ActorListQuery,
  key: string,
  limit: number,
): Promise<ListedActor[]> {
  const enough = Math.min(limit, ENOUGH_WORD_MATCHES);
  const groups = await knownWordGroups(db, key);
  // Every word of the query known (or mended): a record holding more of them, with less besides, is
  // nearer, so a shortlist can be picked before scoring. A word nothing holds speaks only through
  // the trigram score: then every candidate is scored, and fewer are.
  const explained = (groups?.length ?? 0) === new Set(key.split(' ').filter(Boolean)).size;
  const ranking = (where: RawBuilder<boolean>, keys: string[], held: string[][]) =>
    rankedHolders(db, ctx, query, { where, keys, held, limit, shortlist: explained });
  let ambiguous: 'every word' | 'all but one' | null = null;
  let found: ListedActor[] = [];
  if (groups) {
    const rows = await ranking(holdsWordsOf(groups, groups.length), [key], groups);
    if (rows) found = rows;
    else ambiguous = 'every word';
    if (found.length >= enough) return found;
  }
  // Every word known and thousands of records holding them all: a common name, typed as it is.
  const commonName = explained && ambiguous === 'every word';
  const readings = commonName ? [] : await slipRepairedReadings(db, query.q ?? '');
  if (readings.length > 0) {
    const holdsAny = sql<boolean>`(${sql.join(
      readings.map((reading) => holdsWordsOf(reading.groups, reading.groups.length)),
      sql` OR `,
    )})`;
    const repaired = await ranking(holdsAny, [key, ...readings.map((reading) => reading.key)], []);
    found = [...found, ...without(repaired ?? [], found)].sort(byScoreThenId);
    if (found.length >= enough) return found.slice(0, limit);
  }
  if (groups && groups.length > 1 && !ambiguous) {
    const rows = await ranking(holdsWordsOf(groups, groups.length - 1), [key], groups);
    if (!rows) ambiguous = 'all but one';
    found = [...found, ...without(rows ?? [], found)];
  }
  if (found.length > 0) return found.slice(0, limit);
  const nearest = await db.transaction().execute(async (trx) => {
    // The <% operator uses the trigram index with this threshold; the score ranks what it finds.
    await sql`SELECT set_config('pg_trgm.word_similarity_threshold', ${String(NAME_MATCH_THRESHOLD)}, true)`.execute(
      trx,
    );
    // The GiST index walks names nearest first and stops at the limit; ORDER BY must be the bare
    // distance, or PostgreSQL sorts every candidate. When thousands of names hold several words of
    // the query, whole-name distance, so that "Coopérative Al Amal" itself comes before the
    // "Coopérative Al Amal …" that hold it (and the walk ends at those near names); otherwise word
    // distance, so that a part of a name finds the whole (and one word finds its holders at once).
    const wholeName = ambiguous === 'every word' && (groups?.length ?? 0) > 1;
    const distance = wholeName ? sql`${key} <-> actors.search_key` : sql`${key} <<-> actors.search_key`;
    return (await filteredActors(trx, ctx.principal, query)
      .select(LIST_COLUMNS)
      .select([nameScore([key], 'actors.search_key').as('score'), sql<null>`null`.as('matched_identifier')])
      .where(sql<boolean>`${key} <% actors.search_key`)
      .orderBy(distance)
      .limit(limit)
      .execute()) as ListedActor[];
  });
  return nearest.sort(byScoreThenId);
}

interface Ranking {
  where: RawBuilder<boolean>;
  /** The query's key and its other readings: a record scores by the nearest. */
  keys: string[];
  /** Word groups a record holding more of comes into the shortlist first. */
  held: string[][];
  limit: number;
  /** Score a shortlist (RANKED_SHORTLIST of up to WORD_CANDIDATE_CAP), or everything (up to SCORED_CAP). */
  shortlist: boolean;
}

/**
 * The best `limit` of the records `where` selects, by score; null when there are more than the
 * stage ranks. A score costs ~10 µs a record: with `shortlist`, only the RANKED_SHORTLIST records
 * holding the most word groups, the shortest keys among them (the less a name has besides the
 * query's words, the higher its whole-name similarity), are scored.
 */
async function rankedHolders(
  db: Kysely<Database>,
  ctx: Context,
  query: ActorListQuery,
  { where, keys, held, limit, shortlist }: Ranking,
): Promise<ListedActor[] | null> {
  const cap = shortlist ? WORD_CANDIDATE_CAP : SCORED_CAP;
  const capped = filteredActors(db, ctx.principal, query)
    .select([...LIST_COLUMNS, 'actors.search_key', groupsHeld(held).as('held')])
    .where(where)
    .limit(cap + 1);
  const { rows } = await sql<ListedActor & { search_key: string; held: number; holders: string | number }>`
    SELECT chosen.*, null AS matched_identifier,
      -- Too many holders: the rows are not wanted, so no score is spent on them.
      CASE WHEN chosen.holders <= ${cap} THEN ${nameScore(keys, 'chosen.search_key')} END AS score
    FROM (
      SELECT capped.*, count(*) OVER () AS holders FROM (${capped}) AS capped
      ORDER BY capped.held DESC, length(capped.search_key), capped.id
      LIMIT ${shortlist ? RANKED_SHORTLIST : cap}
    ) AS chosen
    ORDER BY score DESC NULLS LAST, chosen.id LIMIT ${limit}`.execute(db);
  if (Number(rows[0]?.holders ?? 0) > cap) return null;
  return rows.map(({ search_key: _, held: __, holders: ___, ...row }) => row);
}

/** The rows of `rows` that are not already in `found`. */
function without(rows: ListedActor[], found: ListedActor[]): ListedActor[] {
  const ids = new Set(found.map((row) => row.id));
  return rows.filter((row) => !ids.has(row.id));
}

/**
 * How near a name is to the query (to the nearest of its readings): word similarity says the query is
 * in the name (a typed part finds the whole), whole-name similarity prefers the name that is the query
 * over longer names holding it; both count.
 */
function nameScore(keys: string[], searchKeyColumn: string) {
  const column = sql.ref(searchKeyColumn);
  const scores = keys.map(
    (key) => sql<number>`(word_similarity(${key}, ${column}) + similarity(${key}, ${column})) / 2`,
  );
  return scores.length === 1 ? (scores[0] as RawBuilder<number>) : sql<number>`greatest(${sql.join(scores)})`;
}
