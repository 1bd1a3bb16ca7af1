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
