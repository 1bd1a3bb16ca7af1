import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Database } from '../../db/database.js';
import { distinctiveKey } from './actors.duplicates.js';

/**
 * Name search by words: the records whose search key holds every word of the query (a misspelt word
 * replaced by the known words one edit away), found by intersecting the posting lists of the GIN
 * index `actors_search_words` (migration 0015), then ranked by the same trigram score as the KNN
 * search. This costs what the answer costs; the trigram KNN costs ~100-250 ms at a million actors
 * whenever many names are equally near. When the words match more than WORD_CANDIDATE_CAP records
 * the query is ambiguous ("Coopérative Al Amal"), and the KNN, which stops at the first exact names,
 * is the faster way: the caller falls back to it (`complete: false`).
 */

/** Above this many records holding the words, ranking them all costs more than the KNN walk. */
export const WORD_CANDIDATE_CAP = 2000;
/** Letters and digits a search key is made of (see docs/search-normalisation.md). */
const KEY_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
/** Shorter words are too short to correct: one edit turns them into too many others. */
const MIN_CORRECTED_LENGTH = 3;
/** A known word is widened to its neighbours from this length on ("aml" has dozens). */
const MIN_CORRECTED_KNOWN_LENGTH = 4;

/** Every string one deletion, transposition, substitution or insertion away from `word`. */
export function oneEditVariants(word: string): string[] {
  const variants = new Set<string>();
  for (let i = 0; i <= word.length; i += 1) {
    const head = word.slice(0, i);
    const tail = word.slice(i);
    if (tail) variants.add(head + tail.slice(1));
    if (tail.length > 1) variants.add(head + tail[1] + tail[0] + tail.slice(2));
    for (const letter of KEY_ALPHABET) {
      if (tail) variants.add(head + letter + tail.slice(1));
      variants.add(head + letter + tail);
    }
  }
  variants.delete(word);
  return [...variants];
}

/**
 * A word worth correcting: long enough that one edit does not turn it into a dozen others, and not
 * one of the generic words ("Coopérative", "pour le développement") every other name holds.
 */
function correctable(word: string, known: boolean): boolean {
  if (word.length < MIN_CORRECTED_LENGTH) return false;
  if (!known) return true;
  return word.length >= MIN_CORRECTED_KNOWN_LENGTH && distinctiveKey(word) !== '';
}

/**
 * For each word of the key, the known words it may stand for: itself when some record holds it, and
 * the known words one edit away (a typo can be in the query or in the record: "Hidaya" and "iHdaya"
 * are both stored somewhere). A word that matches no known word at all is left out (it would only
 * empty the answer); null when no word is left.
 */
export async function knownWordGroups(db: Kysely<Database>, key: string): Promise<string[][] | null> {
  const words = [...new Set(key.split(' ').filter(Boolean))];
  const variantsOf = new Map(
    words.map((word) => [word, word.length >= MIN_CORRECTED_LENGTH ? oneEditVariants(word) : []]),
  );
  const candidates = new Set([...words, ...[...variantsOf.values()].flat()]);
  const known = new Set(
    (
      await db
        .selectFrom('actor_search_words')
        .select('word')
        .where(sql<boolean>`word = ANY(${[...candidates]}::text[])`)
        .execute()
    ).map((row) => row.word),
  );
  const groups: string[][] = [];
  for (const word of words) {
    const group = known.has(word) ? [word] : [];
    if (correctable(word, known.has(word)))
      group.push(...(variantsOf.get(word) ?? []).filter((variant) => known.has(variant)));
    if (group.length > 0) groups.push(group);
  }
  return groups.length > 0 ? groups : null;
}

/**
 * The condition "the search key holds a word of at least `atLeast` of the groups" (all of them, or
 * all but one), written as ORs of ANDs so that the GIN index `actors_search_words` serves it.
 */
export function holdsWordsOf(groups: string[][], atLeast: number): RawBuilder<boolean> {
  // The expression must read exactly as the index's: a literal separator, not a parameter.
  const holds = groups.map(
    (group) => sql<boolean>`string_to_array(actors.search_key, ' ') && ${group}::text[]`,
  );
  if (atLeast >= groups.length) return sql<boolean>`(${sql.join(holds, sql` AND `)})`;
  if (atLeast !== groups.length - 1) throw new Error('holdsWordsOf: all the groups or all but one');
  const allButOne = holds.map(
    (_, skipped) =>
      sql`(${sql.join(
        holds.filter((_, i) => i !== skipped),
        sql` AND `,
      )})`,
  );
  return sql<boolean>`(${sql.join(allButOne, sql` OR `)})`;
}

/** Best score first; equal scores by id, so a page always comes in the same order. */
export function byScoreThenId(a: { id: string; score: unknown }, b: { id: string; score: unknown }): number {
  return Number(b.score) - Number(a.score) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
