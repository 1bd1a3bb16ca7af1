import { describe, expect, it } from 'vitest';
import { apiCell, cellFromApi, cellKey, cellsFor, gridLayout } from './cells';

describe('report value grid', () => {
  it('has one cell for an indicator without disaggregation', () => {
    expect(cellsFor([])).toEqual([
      { sex: 'all', age_band: 'all', disability: 'all', area: 'all', coastal: 'all' },
    ]);
    expect(gridLayout([]).columns).toEqual(['all']);
  });

  it('crosses every value of every dimension, in a fixed order whatever the given order', () => {
    const cells = cellsFor(['age_band', 'sex']);
    expect(cells).toHaveLength(6);
    expect(cells.map(cellKey)).toEqual([
      'sex=female|age_band=youth',
      'sex=female|age_band=adult',
      'sex=female|age_band=elderly',
      'sex=male|age_band=youth',
      'sex=male|age_band=adult',
      'sex=male|age_band=elderly',
    ]);
    expect(cellsFor(['sex', 'age_band', 'disability', 'area', 'coastal'])).toHaveLength(2 * 3 * 2 * 2 * 2);
  });

  it('lays the last dimension across columns and the others down rows', () => {
    const layout = gridLayout(['sex', 'area']);
    expect(layout.columnDimension).toBe('area');
    expect(layout.columns).toEqual(['urban', 'rural']);
    expect(layout.rows.map(cellKey)).toEqual(['sex=female', 'sex=male']);
  });

  it('ignores a dimension it does not know', () => {
    expect(cellsFor(['colour'])).toHaveLength(1);
  });

  it('speaks the API field names and leaves out the dimensions the indicator does not have', () => {
    const [first] = cellsFor(['age_band', 'sex']);
    expect(first && apiCell(first)).toEqual({ sex: 'female', ageBand: 'youth' });
    expect(cellKey(cellFromApi({ ageBand: 'adult', sex: 'male' }))).toBe('sex=male|age_band=adult');
  });
});
