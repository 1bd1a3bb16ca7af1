import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Database } from '../../db/database.js';
import { searchKey } from '../../shared/normalise.js';
import { distinctiveKey } from './actors.duplicates.js';

/**
 * Name search by words: the records whose search key holds every word of the query (a misspelt word
 * replaced by the known words one edit away), found by intersecting the posting lists of the GIN
 * index `actors_search_words` (migration 0015), then ranked by the same trigram score as the KNN
 * search. This costs what the answer costs; the trigram KNN costs ~100-250 ms at a million actors
 * whenever many names are equally near. When the words match more than WORD_CANDIDATE_CAP records
 * the query is ambiguous ("Coopérative Al Amal"), and the KNN, which stops at the first exact names,
 * is the faster way (docs/search-normalisation.md, "How a name search runs").
 */

/** Above this many records holding the words, even picking a shortlist to score costs more than the KNN walk. */
export const WORD_CANDIDATE_CAP = 10_000;
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

/** The words of `candidates` some stored search key holds (the vocabulary, migration 0015). */
async function knownWords(db: Kysely<Database>, candidates: Iterable<string>): Promise<Set<string>> {
  const rows = await db
    .selectFrom('actor_search_words')
    .select('word')
    .where(sql<boolean>`word = ANY(${[...new Set(candidates)]}::text[])`)
    .execute();
  return new Set(rows.map((row) => row.word));
}

const wordsOf = (key: string) => [...new Set(key.split(' ').filter(Boolean))];
const variantsOf = (word: string) => (word.length >= MIN_CORRECTED_LENGTH ? oneEditVariants(word) : []);

/** One group per word: itself when known, and the known words one edit away when worth correcting. */
function groupsOf(words: string[], known: Set<string>): string[][] {
  const groups: string[][] = [];
  for (const word of words) {
    const group = known.has(word) ? [word] : [];
    if (correctable(word, known.has(word)))
      group.push(...variantsOf(word).filter((variant) => known.has(variant)));
    groups.push(group);
  }
  return groups;
}

/**
 * For each word of the key, the known words it may stand for: itself when some record holds it, and
 * the known words one edit away (a typo can be in the query or in the record: "Hidaya" and "iHdaya"
 * are both stored somewhere). A word that matches no known word at all is left out (it would only
 * empty the answer); null when no word is left.
 */
export async function knownWordGroups(db: Kysely<Database>, key: string): Promise<string[][] | null> {
  const words = wordsOf(key);
  const known = await knownWords(db, [...words, ...words.flatMap(variantsOf)]);
  const groups = groupsOf(words, known).filter((group) => group.length > 0);
  return groups.length > 0 ? groups : null;
}

/**
 * The query with one space typed a letter early or late, at each gap in turn: "Attawfiqp our",
 * "pourl e" and "pou rle" each become "… pour le". One edit of the text, but it breaks two words, and
 * word by word no correction can mend that.
 */
export function spaceSlipVariants(text: string): string[] {
  const words = text.trim().split(/\s+/u);
  const variants = new Set<string>();
  for (let gap = 1; gap < words.length; gap += 1) {
    const before = [...(words[gap - 1] ?? '')];
    const after = [...(words[gap] ?? '')];
    const join = (left: string[], right: string[]) =>
      [...words.slice(0, gap - 1), left.join(''), right.join(''), ...words.slice(gap + 1)].join(' ');
    if (before.length > 1) variants.add(join(before.slice(0, -1), [before.at(-1) ?? '', ...after]));
    if (after.length > 1) variants.add(join([...before, after[0] ?? ''], after.slice(1)));
  }
  variants.delete(text.trim());
  return [...variants];
}

/** A reading of the query: its search key and, for each of its words, the known words it may be. */
export interface QueryReading {
  key: string;
  groups: string[][];
}

/**
 * The slipped-space variants of the query (`spaceSlipVariants`) whose every word is known or mends to
 * a known word, in one vocabulary lookup. A variant with a word nothing holds explains the query no
 * better than the query itself, and dropping that word would only widen it.
 */
export async function slipRepairedReadings(db: Kysely<Database>, text: string): Promise<QueryReading[]> {
  const original = searchKey(text);
  const keys = [...new Set(spaceSlipVariants(text).map(searchKey))].filter((key) => key && key !== original);
  if (keys.length === 0) return [];
  const all = new Set(keys.flatMap(wordsOf));
  const known = await knownWords(db, [...all, ...[...all].flatMap(variantsOf)]);
  return keys
    .map((key) => ({ key, groups: groupsOf(wordsOf(key), known) }))
    .filter(({ groups }) => groups.every((group) => group.length > 0));
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

/** How many of the groups the search key holds a word of (0 when no groups are given). */
export function groupsHeld(groups: string[][]): RawBuilder<number> {
  if (groups.length === 0) return sql<number>`0`;
  const held = groups.map((group) => sql`(string_to_array(actors.search_key, ' ') && ${group}::text[])::int`);
  return sql<number>`(${sql.join(held, sql` + `)})`;
}

/** Best score first; equal scores by id, so a page always comes in the same order. */
export function byScoreThenId(a: { id: string; score: unknown }, b: { id: string; score: unknown }): number {
  return Number(b.score) - Number(a.score) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
