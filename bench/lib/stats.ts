/** Figures over repeats: min, median, max, and percentiles of latency samples. */

export interface Figure {
  readonly min: number;
  readonly median: number;
  readonly max: number;
  readonly n: number;
}

export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

export function figure(samples: readonly number[]): Figure {
  const sorted = [...samples].sort((a, b) => a - b);
  return { min: sorted[0] ?? Number.NaN, median: percentile(sorted, 50), max: sorted.at(-1) ?? Number.NaN, n: sorted.length };
}

/** The same statistic of several repeats, each computed from one repeat's samples. */
export async function repeat(times: number, run: (index: number) => Promise<number>): Promise<Figure> {
  const values: number[] = [];
  for (let i = 0; i < times; i += 1) values.push(await run(i));
  return figure(values);
}

export function ratio(a: Figure, b: Figure): Figure {
  return { min: a.min / b.max, median: a.median / b.median, max: a.max / b.min, n: Math.min(a.n, b.n) };
}
