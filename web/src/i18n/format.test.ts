import { describe, expect, it } from 'vitest';
import { formatDate, formatMad, formatNumber } from './format';
import { localName, localPair } from './localName';

describe('format', () => {
  it('groups digits the way each language does', () => {
    expect(formatNumber(1234567, 'en')).toBe('1,234,567');
    // Morocco's CLDR conventions: dot grouping in French and Arabic, Western digits in Arabic.
    expect(formatNumber(1234567, 'fr')).toBe('1.234.567');
    expect(formatNumber(1234567, 'ar')).toBe('1.234.567');
  });

  it('shows centimes as dirhams', () => {
    expect(formatMad(123450, 'fr')).toMatch(/1\.234,50/);
    expect(formatMad(123450, 'fr')).toMatch(/MAD|DH|د\.م\./);
    expect(formatMad(123450, 'en')).toMatch(/1,234\.50/);
  });

  it('keeps an unreadable date as it is', () => {
    expect(formatDate('not a date', 'fr')).toBe('not a date');
    expect(formatDate('2025-06-15T10:00:00Z', 'en')).toMatch(/2025/);
  });
});

describe('localName', () => {
  const both = { nameFr: 'Coopérative Tifaouine', nameAr: 'تعاونية تيفاوين' };
  it('picks the script of the UI language', () => {
    expect(localName(both, 'ar')).toBe('تعاونية تيفاوين');
    expect(localName(both, 'fr')).toBe('Coopérative Tifaouine');
    expect(localName(both, 'en')).toBe('Coopérative Tifaouine');
  });

  it('falls back to the other script when one is missing or blank', () => {
    expect(localName({ nameFr: 'Annour', nameAr: null }, 'ar')).toBe('Annour');
    expect(localName({ nameFr: ' ', nameAr: 'النور' }, 'fr')).toBe('النور');
    expect(localPair({ fr: 'Al Amal', ar: null }, 'ar')).toBe('Al Amal');
    expect(localPair(null, 'fr')).toBe('');
  });
});
