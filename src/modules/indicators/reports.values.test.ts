import { describe, expect, it } from 'vitest';
import { checkCells, expectedCombinations, type IndicatorShape } from './reports.values.js';

const bySexAndAge: IndicatorShape = {
  code: 'ART_TRAINED',
  unit: 'persons',
  aggregation: 'sum',
  disaggregations: ['sex', 'age_band'],
};
const share: IndicatorShape = {
  code: 'WOMEN_SHARE',
  unit: 'percent',
  aggregation: 'ratio',
  disaggregations: [],
};

const fullGrid = () =>
  (['female', 'male'] as const).flatMap((sex) =>
    (['youth', 'adult', 'elderly'] as const).map((ageBand, i) => ({ sex, ageBand, value: 10 + i })),
  );

describe('report cells', () => {
  it('expects one cell per combination of the indicator dimensions', () => {
    expect(expectedCombinations([])).toHaveLength(1);
    expect(expectedCombinations(['sex', 'age_band'])).toHaveLength(6);
    expect(expectedCombinations(['sex', 'age_band', 'disability', 'area', 'coastal'])).toHaveLength(48);
  });

  it('accepts a full grid and fills the other dimensions with all', () => {
    const { cells, errors } = checkCells(bySexAndAge, fullGrid());
    expect(errors).toEqual([]);
    expect(cells).toHaveLength(6);
    expect(cells[0]).toEqual({
      sex: 'female',
      age_band: 'youth',
      disability: 'all',
      area: 'all',
      coastal: 'all',
      value: 10,
      numerator: null,
      denominator: null,
    });
  });

  it('points at a repeated combination and lists missing ones', () => {
    const grid = fullGrid();
    const repeated = [...grid, { sex: 'female' as const, ageBand: 'youth' as const, value: 3 }];
    expect(checkCells(bySexAndAge, repeated).errors).toEqual([
      { pointer: '/body/values/6', detail: expect.stringContaining('already given at /body/values/0') },
    ]);
    const missing = checkCells(bySexAndAge, grid.slice(0, 4)).errors;
    expect(missing).toEqual([
      { pointer: '/body/values', detail: expect.stringContaining('2 combination(s) missing') },
    ]);
    expect(missing[0]?.detail).toContain('sex=male, ageBand=adult');
  });

  it('requires each dimension of the indicator and refuses the others', () => {
    const { errors } = checkCells(bySexAndAge, [
      { sex: 'female', value: 1 },
      { sex: 'all', ageBand: 'youth', value: 1 },
      { sex: 'male', ageBand: 'adult', area: 'rural', value: 1 },
    ]);
    expect(errors.map((e) => e.pointer)).toEqual([
      '/body/values/0/ageBand',
      '/body/values/1/sex',
      '/body/values/2/area',
    ]);
  });

  it('needs whole non-negative numbers for people, and value xor numerator/denominator', () => {
    const total: IndicatorShape = { ...bySexAndAge, disaggregations: [] };
    expect(checkCells(total, [{ value: 2.5 }]).errors).toEqual([
      { pointer: '/body/values/0/value', detail: 'must be a whole number' },
    ]);
    expect(checkCells(total, [{ value: -1 }]).errors[0]?.detail).toContain('zero or more');
    expect(checkCells(total, [{}]).errors).toEqual([
      { pointer: '/body/values/0/value', detail: 'is required' },
    ]);
    expect(checkCells(total, [{ value: 1, numerator: 1 }]).errors[0]?.pointer).toBe(
      '/body/values/0/numerator',
    );
    expect(checkCells({ ...total, unit: 'm3' }, [{ value: 2.5 }]).errors).toEqual([]);
  });

  it('stores a ratio with a zero denominator (shown as not available, not refused)', () => {
    const { cells, errors } = checkCells(share, [{ numerator: 0, denominator: 0 }]);
    expect(errors).toEqual([]);
    expect(cells[0]).toMatchObject({ value: null, numerator: 0, denominator: 0 });
    expect(checkCells(share, [{ value: 0.4 }]).errors.map((e) => e.pointer)).toEqual([
      '/body/values/0/value',
      '/body/values/0/numerator',
      '/body/values/0/denominator',
    ]);
  });
});
