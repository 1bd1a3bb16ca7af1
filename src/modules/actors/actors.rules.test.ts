import { describe, expect, it } from 'vitest';
import { checkCin, checkCode, checkIce, type IdentifierCheck, reduceIdentifier } from './actors.rules.js';

const fresh = (): IdentifierCheck => ({ errors: [], warnings: [], reviewFlags: [] });

describe('identifier rules', () => {
  it('reduces identifiers to one comparable form', () => {
    expect(reduceIdentifier(' ab 123.456-78/9 ')).toBe('AB123456789');
  });

  it('accepts an ICE divisible by 97 without warning', () => {
    const check = fresh();
    expect(BigInt('001525749000095') % 97n).toBe(0n);
    checkIce('001525749000095', '/body/ice', check);
    expect(check).toEqual(fresh());
  });

  it('warns, never rejects, on an ICE not divisible by 97', () => {
    const check = fresh();
    checkIce('001525749000086', '/body/ice', check);
    expect(check.errors).toEqual([]);
    expect(check.warnings[0]?.pointer).toBe('/body/ice');
    expect(check.reviewFlags).toEqual(['ice_checksum']);
  });

  it('rejects an ICE that is not 15 digits', () => {
    for (const bad of ['12345', '0015257490000850', '00152574900008A']) {
      const check = fresh();
      checkIce(bad, '/body/ice', check);
      expect(check.errors).toHaveLength(1);
    }
  });

  it('accepts the usual CIN forms and flags the others for review', () => {
    for (const good of ['A1', 'BK123456', 'J98765']) {
      const check = fresh();
      checkCin(good, '/body/cin', check);
      expect(check).toEqual(fresh());
    }
    const odd = fresh();
    checkCin('ABC1234567', '/body/cin', odd);
    expect(odd.errors).toEqual([]);
    expect(odd.reviewFlags).toEqual(['cin_format']);
    const bad = fresh();
    checkCin('AB-12', '/body/cin', bad);
    expect(bad.errors).toHaveLength(1);
  });

  it('limits other codes to letters and digits', () => {
    const check = fresh();
    checkCode('NIA2024000123', '/body/nia', check, 'NIA');
    checkCode('ÉÉ', '/body/rcNumber', check, 'RC');
    expect(check.errors).toEqual([
      { pointer: '/body/rcNumber', detail: 'RC must be 1 to 30 letters and digits' },
    ]);
  });
});
