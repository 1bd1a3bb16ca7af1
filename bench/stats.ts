/** Percentile of sorted-on-demand samples, in the samples' unit. */
export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

/** Runs `work` `count` times one after another and returns each duration in milliseconds. */
export async function timeSequential(
  count: number,
  work: (i: number) => Promise<unknown>,
): Promise<number[]> {
  const durations: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const start = process.hrtime.bigint();
    await work(i);
    durations.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return durations;
}

export const round = (value: number, digits = 2): number => Number(value.toFixed(digits));
