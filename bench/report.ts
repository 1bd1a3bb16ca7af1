// One row per figure: the figure, its baseline measured in the same run, the ratio, and the goal.
import { round } from './stats.js';

export interface Row {
  benchmark: string;
  engine: string;
  /** The data size the figure was measured at ("1,000,000 actors"), or '-'. */
  size: string;
  figure: number | null;
  unit: string;
  baseline: string;
  baselineFigure: number | null;
  ratio: number | null;
  goal: string;
  /** true / false when there is a goal; null when the figure is informative only. */
  met: boolean | null;
  /** Extra figures behind the row (per-kind recall, per-variant counts...). */
  details?: Record<string, unknown>;
}

export type NewRow = Omit<Row, 'ratio' | 'size'> & { size?: string };

export class Report {
  readonly rows: Row[] = [];

  add(row: NewRow): void {
    const ratio =
      row.figure !== null && row.baselineFigure ? round(row.figure / row.baselineFigure, 3) : null;
    this.rows.push({ size: '-', ...row, ratio });
  }

  /** A figure that cannot be measured yet, and why. */
  notYet(benchmark: string, goal: string, why: string): void {
    this.rows.push({
      benchmark,
      engine: '-',
      size: '-',
      figure: null,
      unit: '',
      baseline: why,
      baselineFigure: null,
      ratio: null,
      goal,
      met: null,
    });
  }
}

export const RESULT_MARK = '@@bench-rows ';

export function formatTable(rows: Row[]): string {
  const header = ['benchmark', 'engine', 'size', 'figure', 'baseline (same run)', 'ratio', 'goal', 'met'];
  const lines = rows.map((row) => [
    row.benchmark,
    row.engine,
    row.size,
    row.figure === null ? 'not yet' : `${row.figure} ${row.unit}`.trim(),
    row.baselineFigure === null ? row.baseline : `${row.baselineFigure} ${row.unit} (${row.baseline})`,
    row.ratio === null ? '-' : String(row.ratio),
    row.goal,
    row.met === null ? '-' : row.met ? 'yes' : 'NO',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? '').length)));
  const format = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ');
  return [format(header), widths.map((w) => '-'.repeat(w)).join('-|-'), ...lines.map(format)].join('\n');
}

/** Markdown table for docs/performance.md. */
export function formatMarkdown(rows: Row[]): string {
  const header = '| benchmark | engine | size | figure | baseline (same run) | ratio | goal | met |';
  const rule = '|---|---|---|---|---|---|---|---|';
  const cell = (text: string) => text.replaceAll('|', '\\|');
  const lines = rows.map((row) =>
    [
      row.benchmark,
      row.engine,
      row.size,
      row.figure === null ? 'not yet' : `${row.figure} ${row.unit}`.trim(),
      row.baselineFigure === null ? row.baseline : `${row.baselineFigure} ${row.unit} (${row.baseline})`,
      row.ratio === null ? '-' : String(row.ratio),
      row.goal,
      row.met === null ? '-' : row.met ? 'yes' : '**NO**',
    ]
      .map(cell)
      .join(' | '),
  );
  return [header, rule, ...lines.map((line) => `| ${line} |`)].join('\n');
}

export const peakRssMiB = (): number => round(process.resourceUsage().maxRSS / 1024, 0);
