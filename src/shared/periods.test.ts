import { describe, expect, it } from 'vitest';
import {
  childPeriods,
  comparePeriods,
  isPeriod,
  parentPeriod,
  parsePeriod,
  period,
  periodContains,
  periodError,
  periodFromStart,
  periodOfDate,
  periodRange,
} from './periods.js';

describe('parsePeriod', () => {
  it('reads a year, a quarter and a month with their first and last days', () => {
    expect(parsePeriod('2025')).toEqual({
      code: '2025',
      grain: 'year',
      year: 2025,
      index: null,
      start: '2025-01-01',
      end: '2025-12-31',
      endExclusive: '2026-01-01',
    });
    expect(parsePeriod('2025Q3')).toMatchObject({
      grain: 'quarter',
      index: 3,
      start: '2025-07-01',
      end: '2025-09-30',
    });
    expect(parsePeriod('2025Q4')).toMatchObject({ end: '2025-12-31', endExclusive: '2026-01-01' });
    expect(parsePeriod('2024-02')).toMatchObject({
      grain: 'month',
      index: 2,
      start: '2024-02-01',
      end: '2024-02-29',
    });
    expect(parsePeriod('2025-02')?.end).toBe('2025-02-28');
    expect(parsePeriod('2025-12')).toMatchObject({ end: '2025-12-31', endExclusive: '2026-01-01' });
  });

  it('refuses malformed and impossible periods and says why', () => {
    for (const bad of [
      '2025Q5',
      '2025Q0',
      '2025-13',
      '2025-00',
      '2025-7',
      '25',
      '2025q3',
      ' 2025',
      '2025-07-01',
      '0225',
      '',
    ]) {
      expect(parsePeriod(bad), bad).toBeNull();
      expect(isPeriod(bad), bad).toBe(false);
      expect(periodError(bad), bad).toEqual(expect.any(String));
    }
    expect(periodError('2025Q5')).toContain('quarter');
    expect(periodError('2025-13')).toContain('month');
    expect(periodError('2025')).toBeNull();
    expect(() => period('2025-13')).toThrow(RangeError);
  });
});

describe('period arithmetic', () => {
  it('lists children: a year has quarters or months, a quarter months, a month none', () => {
    expect(childPeriods(period('2025')).map((p) => p.code)).toEqual(['2025Q1', '2025Q2', '2025Q3', '2025Q4']);
    expect(childPeriods(period('2025'), 'month')).toHaveLength(12);
    expect(childPeriods(period('2025Q3')).map((p) => p.code)).toEqual(['2025-07', '2025-08', '2025-09']);
    expect(childPeriods(period('2025-07'))).toEqual([]);
    expect(childPeriods(period('2025Q3'), 'year')).toEqual([]);
  });

  it('finds parents, containment and the period of a date', () => {
    expect(parentPeriod(period('2025-08'), 'quarter').code).toBe('2025Q3');
    expect(parentPeriod(period('2025-08'), 'year').code).toBe('2025');
    expect(() => parentPeriod(period('2025'), 'month')).toThrow(RangeError);
    expect(periodContains(period('2025'), period('2025-12'))).toBe(true);
    expect(periodContains(period('2025Q3'), period('2025-10'))).toBe(false);
    expect(periodContains(period('2025Q3'), period('2025Q3'))).toBe(true);
    expect(periodContains(period('2025-07'), period('2025Q3'))).toBe(false);
    expect(periodOfDate('2026-11-29', 'quarter').code).toBe('2026Q4');
    expect(periodOfDate(new Date('2026-03-31T23:30:00Z'), 'month').code).toBe('2026-03');
  });

  it('reads facts back: grain and first day give the period, other days are refused', () => {
    expect(periodFromStart('quarter', '2025-07-01').code).toBe('2025Q3');
    expect(periodFromStart('month', '2025-07-01').code).toBe('2025-07');
    expect(periodFromStart('year', '2025-01-01').code).toBe('2025');
    expect(() => periodFromStart('quarter', '2025-08-01')).toThrow(RangeError);
  });

  it('lists ranges and orders periods', () => {
    expect(periodRange('2025-11-15', '2026-02-01', 'quarter').map((p) => p.code)).toEqual([
      '2025Q4',
      '2026Q1',
    ]);
    expect(periodRange('2025-11-15', '2026-01-01', 'month').map((p) => p.code)).toEqual([
      '2025-11',
      '2025-12',
      '2026-01',
    ]);
    const sorted = ['2025-01', '2025Q1', '2024', '2025'].map(period).sort(comparePeriods);
    expect(sorted.map((p) => p.code)).toEqual(['2024', '2025', '2025Q1', '2025-01']);
  });
});
