import { describe, expect, it } from 'vitest';
import { periodGroups, periodLabel, recentYears } from './periods';

describe('report periods', () => {
  it('offers a year, its four quarters and twelve months, newest first', () => {
    const [group] = periodGroups([2025]);
    expect(group?.items).toHaveLength(17);
    expect(group?.items.slice(0, 3)).toEqual(['2025', '2025Q4', '2025Q3']);
    expect(group?.items.at(-1)).toBe('2025-01');
    expect(recentYears(new Date('2026-03-01'))).toEqual([2026, 2025, 2024]);
  });

  it('words quarters and months in the UI language', () => {
    const q = (quarter: string, year: string) => `T${quarter} ${year}`;
    expect(periodLabel('2025Q3', 'fr-MA', q)).toBe('T3 2025');
    expect(periodLabel('2025-07', 'fr-MA', q)).toBe('juillet 2025');
    expect(periodLabel('2025', 'fr-MA', q)).toBe('2025');
  });
});
