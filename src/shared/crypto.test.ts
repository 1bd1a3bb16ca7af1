import { describe, expect, it } from 'vitest';
import { canonicalJson, randomPassword, safeEqual } from './crypto.js';

describe('canonicalJson', () => {
  it('gives equal text for equal values whatever the key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: null } })).toBe(
      canonicalJson({ a: { c: null, d: [2, { y: 2, z: 1 }] }, b: 1 }),
    );
    expect(canonicalJson({ b: 1, a: 2 })).toBe('{"a":2,"b":1}');
  });

  it('writes dates as ISO strings and drops undefined fields, as JSON storage does', () => {
    expect(canonicalJson({ at: new Date('2025-06-17T10:00:00Z'), gone: undefined })).toBe(
      '{"at":"2025-06-17T10:00:00.000Z"}',
    );
  });
});

describe('canonicalJson and chains already stored', () => {
  // The text the audit chain's first rows were hashed over: JSON.stringify of a sorted copy.
  const sortedCopy = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(sortedCopy);
    if (value instanceof Date) return value.toISOString();
    if (value && typeof value === 'object')
      return Object.fromEntries(
        Object.entries(value as Record<string, unknown>)
          .filter(([, v]) => v !== undefined)
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(([k, v]) => [k, sortedCopy(v)]),
      );
    return value;
  };
  const leaves = [null, undefined, 0, -0, 1.5, -7, Number.NaN, 1e21, '', 'é"\\\n', 'نسيج', true, false];
  const randomValue = (depth: number, next: () => number): unknown => {
    const pick = next();
    if (depth === 0 || pick < 0.4) return leaves[Math.floor(next() * leaves.length)];
    if (pick < 0.5) return new Date(Math.floor(next() * 2e12));
    if (pick < 0.7) return Array.from({ length: Math.floor(next() * 4) }, () => randomValue(depth - 1, next));
    const keys = ['b', 'a', 'Z', 'é', '10', '2', '01', '4294967295', '4294967294', 'a b', 'after'];
    return Object.fromEntries(
      keys.filter(() => next() < 0.5).map((key) => [key, randomValue(depth - 1, next)]),
    );
  };

  it('writes the very text the sorted-copy implementation wrote, so stored hashes still verify', () => {
    let seed = 7;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    for (let i = 0; i < 2000; i += 1) {
      const value = randomValue(4, next);
      expect(canonicalJson(value)).toBe(JSON.stringify(sortedCopy(value)) ?? 'null');
    }
  });
});

describe('secrets', () => {
  it('makes passwords without look-alike characters', () => {
    const password = randomPassword(40);
    expect(password).toHaveLength(40);
    expect(password).not.toMatch(/[0O1lI]/);
    expect(randomPassword()).not.toBe(randomPassword());
  });

  it('compares in constant time, also strings of different lengths', () => {
    expect(safeEqual('abc', 'abc')).toBe(true);
    expect(safeEqual('abc', 'abd')).toBe(false);
    expect(safeEqual('abc', 'abcd')).toBe(false);
  });
});
