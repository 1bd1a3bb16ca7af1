import { type Period, parsePeriod } from '../../shared/periods.js';
import type { IndicatorRow } from '../indicators/indicators.schemas.js';

export interface TargetRow {
  territory_code: string | null;
  commitment_id: string | null;
  period: string;
  kind: 'baseline' | 'target';
  value: number;
}

/**
 * The target (or baseline) of one analytics row, from `indicator_targets`:
 * - period: a target is the one set for exactly that period; a baseline is the latest one set for a
 *   period starting on or before the row's period (the year's baseline serves its quarters);
 * - territory: the one set for exactly that territory (NULL = national); else, for indicators that
 *   add up (sum, count), the sum of those set one level down (regions for the nation, or provinces
 *   when no region has one; provinces for a region); averages and ratios do not add up: null;
 * - commitments: without a convention/axis/partner filter, a value set for no commitment (the
 *   overall one) wins over the commitments' own, which would otherwise be added up; with a filter,
 *   the kept commitments' values.
 * Several values left for one territory are added up (sum, count) or averaged (average, ratio).
 */
export function targetFor(
  indicator: Pick<IndicatorRow, 'aggregation'>,
  rows: TargetRow[],
  kind: 'baseline' | 'target',
  territory: string | null,
  period: Period,
  commitmentIds: string[] | null,
): number | null {
  let candidates = rows.filter((row) => row.kind === kind);
  if (kind === 'target') candidates = candidates.filter((row) => row.period === period.code);
  else {
    let best: Period | null = null;
    for (const row of candidates) {
      const p = parsePeriod(row.period);
      if (!p || p.start > period.start) continue;
      // Latest start first; at the same start, the coarser period (a year's baseline before its January's).
      if (!best || p.start > best.start || (p.start === best.start && p.end > best.end)) best = p;
    }
    const chosen = best?.code;
    candidates = chosen ? candidates.filter((row) => row.period === chosen) : [];
  }
  if (candidates.length === 0) return null;
  const adds = indicator.aggregation === 'sum' || indicator.aggregation === 'count';
  const combine = (group: TargetRow[]): number | null => {
    if (group.length === 0) return null;
    const overall = commitmentIds === null ? group.filter((row) => row.commitment_id === null) : [];
    const kept = overall.length > 0 ? overall : group;
    const total = kept.reduce((sum, row) => sum + row.value, 0);
    return Number((adds ? total : total / kept.length).toFixed(6));
  };
  const exact = combine(candidates.filter((row) => row.territory_code === territory));
  if (exact !== null || !adds) return exact;
  const below = (length: number, prefix: string | null) =>
    candidates.filter(
      (row) =>
        row.territory_code !== null &&
        row.territory_code.length === length &&
        (prefix === null || row.territory_code.startsWith(`${prefix}.`)),
    );
  const sumByTerritory = (group: TargetRow[]): number | null => {
    if (group.length === 0) return null;
    const byTerritory = new Map<string, TargetRow[]>();
    for (const row of group) {
      const key = row.territory_code ?? '';
      byTerritory.set(key, [...(byTerritory.get(key) ?? []), row]);
    }
    let total = 0;
    for (const rowsOfOne of byTerritory.values()) total += combine(rowsOfOne) ?? 0;
    return Number(total.toFixed(6));
  };
  if (territory === null) return sumByTerritory(below(2, null)) ?? sumByTerritory(below(6, null));
  if (territory.length === 2) return sumByTerritory(below(6, territory));
  return null;
}
