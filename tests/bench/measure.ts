/** Median of a list of durations. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 0 ? ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2 : (sorted[mid] ?? 0);
}

/** Milliseconds one call of `fn` takes. */
export async function timeMs(fn: () => unknown): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** Prints one `key=value` figure. */
export function report(key: string, value: number, digits = 3): void {
  process.stdout.write(`${key}=${value.toFixed(digits)}\n`);
}

/** Median of per-round values, printed with the spread (min and max over the rounds). */
export function reportSpread(key: string, values: readonly number[], digits = 3): void {
  report(key, median(values), digits);
  report(`${key}_min`, Math.min(...values), digits);
  report(`${key}_max`, Math.max(...values), digits);
}
