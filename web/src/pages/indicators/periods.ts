/** The periods a report may be for, newest first, grouped by year: the year, its quarters, its months. */
export function periodGroups(years: readonly number[]): Array<{ group: string; items: string[] }> {
  return years.map((year) => ({
    group: String(year),
    items: [
      String(year),
      ...[4, 3, 2, 1].map((q) => `${year}Q${q}`),
      ...Array.from({ length: 12 }, (_, i) => `${year}-${String(12 - i).padStart(2, '0')}`),
    ],
  }));
}

/** This year and the two before it. */
export function recentYears(today = new Date()): number[] {
  const year = today.getFullYear();
  return [year, year - 1, year - 2];
}

/** A period in words: "2025", "T3 2025", "juillet 2025". */
export function periodLabel(
  period: string,
  locale: string,
  quarterLabel: (q: string, year: string) => string,
): string {
  const quarter = period.match(/^(\d{4})Q([1-4])$/);
  if (quarter) return quarterLabel(quarter[2] ?? '', quarter[1] ?? '');
  const month = period.match(/^(\d{4})-(\d{2})$/);
  if (month) {
    const date = new Date(Date.UTC(Number(month[1]), Number(month[2]) - 1, 1));
    return new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(date);
  }
  return period;
}
