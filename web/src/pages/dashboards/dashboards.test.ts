import { describe, expect, it } from 'vitest';
import { latestSnapshot, seriesOf, shownValue } from './analytics';
import type { AnalyticsRow } from './dashboards.api';
import { periodBounds, periodsBetween } from './periods';
import { paramsFromSelection, selectionFromParams } from './selection';
import { formatProgress, formatValue } from './units';

const row = (
  territoryCode: string | null,
  period: string,
  actual: number | null,
  available = true,
): AnalyticsRow => ({
  territoryCode,
  territoryLevel: territoryCode === null ? 'nation' : 'region',
  territoryNameFr: territoryCode ?? 'Maroc',
  territoryNameAr: territoryCode ?? 'المغرب',
  period,
  breakdownValue: null,
  actual,
  target: 100,
  baseline: null,
  progressPercent: actual,
  numerator: null,
  denominator: null,
  facts: 1,
  available,
  status: available ? 'ok' : 'zero_denominator',
});

describe('dashboard helpers', () => {
  it('lists every period of a span at each grain', () => {
    expect(periodsBetween('year', 2025, 2026)).toEqual(['2025', '2026']);
    expect(periodsBetween('quarter', 2025, 2025)).toEqual(['2025Q1', '2025Q2', '2025Q3', '2025Q4']);
    expect(periodsBetween('month', 2025, 2026)).toHaveLength(24);
    expect(periodBounds('month', 2025, 2026)).toEqual({ from: '2025-01', to: '2026-12' });
  });

  it('gives a period without data an empty point and a zero-denominator ratio no value', () => {
    const rows = [row(null, '2025', 40), row(null, '2026', null, false), row('01', '2025', 7)];
    const points = seriesOf(rows, ['2025', '2026', '2027'], null, (p) => `P${p}`);
    expect(points.map((p) => [p.label, p.actual, p.progress])).toEqual([
      ['P2025', 40, 40],
      ['P2026', null, null],
      ['P2027', null, null],
    ]);
    expect(shownValue(row('01', '2025', 3, false))).toBeNull();
  });

  it('maps the latest period that has values', () => {
    const rows = [row('01', '2025', 1), row('02', '2025', 2), row('01', '2026', 5), row('02', '2027', null)];
    const { period, byTerritory } = latestSnapshot(rows);
    expect(period).toBe('2026');
    expect([...byTerritory.keys()]).toEqual(['01']);
    expect(latestSnapshot([]).period).toBeNull();
  });

  it('reads a selection from the URL, with defaults and the span kept in order', () => {
    const s = selectionFromParams(
      new URLSearchParams('indicator=X&level=province&grain=quarter&from=2026&to=2024'),
    );
    expect(s).toEqual({
      indicator: 'X',
      only: null,
      level: 'province',
      grain: 'quarter',
      fromYear: 2026,
      toYear: 2026,
    });
    expect(selectionFromParams(new URLSearchParams('grain=week&level=commune&from=1999'))).toEqual({
      indicator: null,
      only: null,
      level: 'region',
      grain: 'year',
      fromYear: 2025,
      toYear: 2026,
    });
    expect(paramsFromSelection(s).toString()).toBe(
      'indicator=X&level=province&grain=quarter&from=2026&to=2026',
    );
  });

  it('formats values in the indicator unit for each language', () => {
    expect(formatValue(1234.567, { unit: 'persons', aggregation: 'sum' }, 'fr')).toBe('1.234,57');
    expect(formatValue(50.607, { unit: 'percent', aggregation: 'ratio' }, 'en')).toBe('50.6%');
    expect(formatValue(0.456, { unit: 'number', aggregation: 'ratio' }, 'en')).toBe('0.46');
    expect(formatValue(150_000, { unit: 'mad', aggregation: 'sum' }, 'en')).toMatch(/1,500\.00/);
    expect(formatProgress(87.4, 'en')).toBe('87%');
  });
});
