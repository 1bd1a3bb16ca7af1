import { describe, expect, it } from 'vitest';
import { cellsFromDrafts, valueScale } from './ValueGrid';

describe('typed report values', () => {
  it('reads one number per cell, in the order of the grid, and names the cells left empty', () => {
    const { cells, invalid } = cellsFromDrafts(['sex'], false, {
      'sex=female': { value: '18', numerator: '', denominator: '' },
      'sex=male': { value: 'sept', numerator: '', denominator: '' },
    });
    expect(cells.map((c) => [c.key, c.value])).toEqual([
      ['sex=female', 18],
      ['sex=male', Number.NaN],
    ]);
    expect(invalid).toEqual(['values/1/value']);
  });

  it('takes numerator and denominator for a ratio, a zero denominator included', () => {
    const { cells, invalid } = cellsFromDrafts([], true, {
      '': { value: '', numerator: '3', denominator: '0' },
    });
    expect(cells[0]).toMatchObject({ numerator: 3, denominator: 0 });
    expect(invalid).toEqual([]);
  });

  it('sends amounts in MAD as centimes, typed in dirhams with a comma or a point', () => {
    expect(valueScale({ unit: 'mad', aggregation: 'sum' })).toBe(100);
    expect(valueScale({ unit: 'mad', aggregation: 'ratio' })).toBe(1);
    expect(valueScale({ unit: 'persons', aggregation: 'sum' })).toBe(1);
    const { cells } = cellsFromDrafts(
      [],
      false,
      { '': { value: '1 250,35', numerator: '', denominator: '' } },
      100,
    );
    expect(cells[0]?.value).toBe(125_035);
  });
});
