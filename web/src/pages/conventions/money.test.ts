import { describe, expect, it } from 'vitest';
import { centimesFromText, textFromCentimes } from './money';

describe('amounts in dirhams', () => {
  it('reads spaces, commas and two decimals into integer centimes', () => {
    expect(centimesFromText('1 250 000,50')).toBe(125_000_050);
    expect(centimesFromText('12.3')).toBe(1230);
    expect(centimesFromText('')).toBeNull();
  });

  it('refuses what is not an amount', () => {
    expect(centimesFromText('-5')).toBe('invalid');
    expect(centimesFromText('12.345')).toBe('invalid');
    expect(centimesFromText('douze')).toBe('invalid');
  });

  it('writes centimes back for the form', () => {
    expect(textFromCentimes(125_000_050)).toBe('1250000.50');
    expect(textFromCentimes(500)).toBe('5');
    expect(textFromCentimes(null)).toBe('');
  });
});
