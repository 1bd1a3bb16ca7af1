/** Shapes the analytics table (territory × period) into what the chart, the map and their tables draw. */
import type { PeriodPoint } from '../../components/charts/ActualTargetChart';
import type { AnalyticsRow } from './dashboards.api';

/** One point per period of the span, for one territory (null: the nation); a period without a row is empty. */
export function seriesOf(
  rows: readonly AnalyticsRow[],
  periods: readonly string[],
  territoryCode: string | null,
  label: (period: string) => string,
): PeriodPoint[] {
  const byPeriod = new Map(rows.filter((r) => r.territoryCode === territoryCode).map((r) => [r.period, r]));
  return periods.map((period) => {
    const row = byPeriod.get(period);
    return {
      period,
      label: label(period),
      actual: row?.available === false ? null : (row?.actual ?? null),
      target: row?.target ?? null,
      progress: row?.available === false ? null : (row?.progressPercent ?? null),
    };
  });
}

/** The latest period of the span with at least one value, and each territory's row for it. */
export function latestSnapshot(rows: readonly AnalyticsRow[]): {
  period: string | null;
  byTerritory: Map<string, AnalyticsRow>;
} {
  const withValue = rows.filter((r) => r.territoryCode !== null && r.available && r.actual !== null);
  const period = withValue.reduce<string | null>(
    (latest, r) => (latest === null || r.period > latest ? r.period : latest),
    null,
  );
  const byTerritory = new Map<string, AnalyticsRow>();
  for (const r of rows)
    if (r.period === period && r.territoryCode !== null) byTerritory.set(r.territoryCode, r);
  return { period, byTerritory };
}

/** The value a row shows: nothing when the ratio's denominator was zero. */
export function shownValue(row: AnalyticsRow | undefined): number | null {
  if (!row?.available) return null;
  return row.actual;
}
