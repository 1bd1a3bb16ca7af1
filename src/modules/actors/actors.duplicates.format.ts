import type { DuplicatePair } from './actors.duplicates.js';

/** Candidate pairs as CSV (one row a pair, reasons joined) or JSON, for `nasij actors duplicates`. */
export function formatDuplicatePairs(pairs: DuplicatePair[], format: 'csv' | 'json'): string {
  if (format === 'json') return `${JSON.stringify(pairs, null, 2)}\n`;
  const lines = ['actor_a,actor_b,score,reasons'];
  for (const pair of pairs) {
    const reasons = pair.reasons
      .map((r) => [r.code, r.field, r.similarity].filter((part) => part !== undefined).join(':'))
      .join(' ');
    lines.push(`${pair.a},${pair.b},${pair.score},"${reasons}"`);
  }
  return `${lines.join('\n')}\n`;
}
