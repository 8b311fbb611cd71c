// Percentiles of durations for budgets (p95) and the baseline (median). Linear interpolation between the two
// closest ranks (numpy's default, Excel's PERCENTILE.INC): the median of an even count is the mean of the middle
// two, and p100 is the maximum.

/** The p-th percentile (0..100) of the values; null when there are none. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (Math.min(100, Math.max(0, p)) / 100) * (sorted.length - 1);
  const lower = Math.floor(rank);
  const upper = Math.ceil(rank);
  const low = sorted[lower] as number;
  return low + ((sorted[upper] as number) - low) * (rank - lower);
}

export function median(values: readonly number[]): number | null {
  return percentile(values, 50);
}
