/**
 * Trigram similarity as PostgreSQL's pg_trgm computes it: each word is padded with two spaces in
 * front and one behind, cut into 3-grams, and similarity = shared / (all distinct). Used where the
 * comparison runs in the application (duplicate scoring) so it agrees with the database's search.
 */
export function trigrams(text: string): Set<string> {
  const grams = new Set<string>();
  for (const word of text.split(/\s+/)) {
    if (!word) continue;
    const padded = `  ${word} `;
    for (let i = 0; i + 3 <= padded.length; i += 1) grams.add(padded.slice(i, i + 3));
  }
  return grams;
}

export function trigramSimilarity(a: string, b: string): number {
  return gramSetSimilarity(trigrams(a), trigrams(b));
}

/** The same similarity on trigram sets already built (to cut each text once, not once per pair). */
export function gramSetSimilarity(left: Set<string>, right: Set<string>): number {
  if (left.size === 0 || right.size === 0) return 0;
  let shared = 0;
  for (const gram of left) if (right.has(gram)) shared += 1;
  return shared / (left.size + right.size - shared);
}
