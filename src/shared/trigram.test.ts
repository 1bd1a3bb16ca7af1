import { describe, expect, it } from 'vitest';
import { trigramSimilarity, trigrams } from './trigram.js';

describe('trigram similarity (as pg_trgm)', () => {
  it('pads each word like pg_trgm', () => {
    expect([...trigrams('cat')].sort()).toEqual(['  c', ' ca', 'at ', 'cat']);
  });

  it('matches values PostgreSQL gives', () => {
    // SELECT similarity('tifaouine', 'tifawin') → 0.2857143 (checked in src/db/migrator.test.ts's engine)
    expect(trigramSimilarity('tifaouine', 'tifawin')).toBeCloseTo(0.2857143, 6);
    expect(trigramSimilarity('abc', 'abc')).toBe(1);
    expect(trigramSimilarity('abc', 'xyz')).toBe(0);
    expect(trigramSimilarity('', 'xyz')).toBe(0);
  });
});
