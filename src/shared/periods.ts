/**
 * Reporting periods: '2025' (year), '2025Q3' (quarter), '2025-07' (month). Pure helpers shared by
 * the indicators (reports, targets) and analytics (facts, roll-ups) modules. Dates are ISO
 * 'YYYY-MM-DD' strings, computed in UTC, so the result never depends on the machine's time zone.
 */

export type PeriodGrain = 'month' | 'quarter' | 'year';

export const PERIOD_GRAINS: readonly PeriodGrain[] = ['month', 'quarter', 'year'];

export interface Period {
  /** The canonical text: '2025', '2025Q3' or '2025-07'. */
  code: string;
  grain: PeriodGrain;
  year: number;
  /** Quarter 1-4 or month 1-12; null for a year. */
  index: number | null;
  /** First day, e.g. '2025-07-01' (what `indicator_facts.period_start` stores). */
  start: string;
  /** Last day, inclusive, e.g. '2025-09-30'. */
  end: string;
  /** The day after the last day, for half-open ranges in SQL (`d >= start AND d < endExclusive`). */
  endExclusive: string;
}

/** Years outside this range are refused as impossible (typing errors such as '0225' or '20250'). */
export const MIN_PERIOD_YEAR = 1900;
export const MAX_PERIOD_YEAR = 2199;

const SHAPE = /^(\d{4})(?:Q(\d)|-(\d{2}))?$/;

/**
 * Why a text is not a valid period, or null when it is one. Messages are English, for problem+json
 * details ("quarter must be 1 to 4 in '2025Q5'").
 */
export function periodError(text: string): string | null {
  const match = SHAPE.exec(text);
  if (!match)
    return `'${text}' is not a period: write a year (2025), a quarter (2025Q3) or a month (2025-07)`;
  const year = Number(match[1]);
  if (year < MIN_PERIOD_YEAR || year > MAX_PERIOD_YEAR) {
    return `year ${match[1]} in '${text}' is outside ${MIN_PERIOD_YEAR}-${MAX_PERIOD_YEAR}`;
  }
  if (match[2] !== undefined) {
    const quarter = Number(match[2]);
    if (quarter < 1 || quarter > 4) return `quarter must be 1 to 4 in '${text}'`;
  }
  if (match[3] !== undefined) {
    const month = Number(match[3]);
    if (month < 1 || month > 12) return `month must be 01 to 12 in '${text}'`;
  }
  return null;
}

/** Parses a period; null when the text is not one (see `periodError` for why). */
export function parsePeriod(text: string): Period | null {
  if (periodError(text) !== null) return null;
  const match = SHAPE.exec(text);
  if (!match) return null;
  const year = Number(match[1]);
  if (match[2] !== undefined) return makePeriod('quarter', year, Number(match[2]));
  if (match[3] !== undefined) return makePeriod('month', year, Number(match[3]));
  return makePeriod('year', year, null);
}

/** Parses a period that must be valid (data already checked, constants): throws RangeError otherwise. */
export function period(text: string): Period {
  const parsed = parsePeriod(text);
  if (!parsed) throw new RangeError(periodError(text) ?? `'${text}' is not a period`);
  return parsed;
}

export function isPeriod(text: string): boolean {
  return periodError(text) === null;
}

/**
 * The period of a grain that starts on a date: the inverse of `start`, for reading
 * `indicator_facts (period_grain, period_start)` back as '2025Q3'. Throws RangeError when the
 * date is not the first day of such a period.
 */
export function periodFromStart(grain: PeriodGrain, start: string): Period {
  const found = periodOfDate(start, grain);
  if (found.start !== start) throw new RangeError(`${start} is not the first day of a ${grain}`);
  return found;
}

/** The period of a grain that contains a date ('2025-08-14' → '2025Q3'); a Date is read in UTC. */
export function periodOfDate(date: string | Date, grain: PeriodGrain): Period {
  const iso = typeof date === 'string' ? date : date.toISOString().slice(0, 10);
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso.slice(0, 10));
  if (!match) throw new RangeError(`'${iso}' is not a date (YYYY-MM-DD)`);
  const year = Number(match[1]);
  const month = Number(match[2]);
  if (month < 1 || month > 12) throw new RangeError(`'${iso}' is not a date (YYYY-MM-DD)`);
  if (grain === 'year') return makePeriod('year', year, null);
  if (grain === 'quarter') return makePeriod('quarter', year, Math.floor((month - 1) / 3) + 1);
  return makePeriod('month', year, month);
}

/**
 * The periods one level (or more) below: a year's quarters (or its months with grain 'month'), a
 * quarter's months. A month has no children; asking for a grain not finer than the period's gives [].
 */
export function childPeriods(parent: Period, grain?: PeriodGrain): Period[] {
  const target = grain ?? (parent.grain === 'year' ? 'quarter' : 'month');
  if (rank(target) >= rank(parent.grain)) return [];
  const out: Period[] = [];
  if (target === 'quarter') {
    for (let q = 1; q <= 4; q += 1) out.push(makePeriod('quarter', parent.year, q));
    return out;
  }
  const firstMonth = parent.grain === 'quarter' ? ((parent.index ?? 1) - 1) * 3 + 1 : 1;
  const count = parent.grain === 'quarter' ? 3 : 12;
  for (let m = firstMonth; m < firstMonth + count; m += 1) out.push(makePeriod('month', parent.year, m));
  return out;
}

/** The enclosing period of a coarser grain ('2025-08' → '2025Q3' or '2025'); itself for the same grain. */
export function parentPeriod(child: Period, grain: PeriodGrain): Period {
  if (rank(grain) < rank(child.grain)) throw new RangeError(`a ${child.grain} has no enclosing ${grain}`);
  return periodOfDate(child.start, grain);
}

/** True when `inner` lies wholly inside `outer` (a period contains itself). */
export function periodContains(outer: Period, inner: Period): boolean {
  return outer.start <= inner.start && inner.end <= outer.end;
}

/** The periods of one grain from the one containing `from` to the one containing `to`, in order. */
export function periodRange(from: string, to: string, grain: PeriodGrain): Period[] {
  const out: Period[] = [];
  let current = periodOfDate(from, grain);
  const last = periodOfDate(to, grain);
  while (current.start <= last.start) {
    out.push(current);
    current = periodOfDate(current.endExclusive, grain);
  }
  return out;
}

/** Orders periods by first day, then coarser first (2025 before 2025Q1 before 2025-01). */
export function comparePeriods(a: Period, b: Period): number {
  if (a.start !== b.start) return a.start < b.start ? -1 : 1;
  return rank(b.grain) - rank(a.grain);
}

function rank(grain: PeriodGrain): number {
  return grain === 'month' ? 0 : grain === 'quarter' ? 1 : 2;
}

function makePeriod(grain: PeriodGrain, year: number, index: number | null): Period {
  const firstMonth = grain === 'year' ? 1 : grain === 'quarter' ? ((index ?? 1) - 1) * 3 + 1 : (index ?? 1);
  const months = grain === 'year' ? 12 : grain === 'quarter' ? 3 : 1;
  const startDate = new Date(Date.UTC(year, firstMonth - 1, 1));
  const nextDate = new Date(Date.UTC(year, firstMonth - 1 + months, 1));
  const endDate = new Date(nextDate.getTime() - 86_400_000);
  const yyyy = String(year).padStart(4, '0');
  const code =
    grain === 'year'
      ? yyyy
      : grain === 'quarter'
        ? `${yyyy}Q${index}`
        : `${yyyy}-${String(index).padStart(2, '0')}`;
  return {
    code,
    grain,
    year,
    index,
    start: isoDay(startDate),
    end: isoDay(endDate),
    endExclusive: isoDay(nextDate),
  };
}

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}
