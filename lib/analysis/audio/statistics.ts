/** Small statistics shared by the pooled-feature functionals; every function returns 0 for an empty input. */

export function mean(values: ArrayLike<number>): number {
  if (values.length === 0) return 0;
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i];
  return sum / values.length;
}

export function std(values: ArrayLike<number>): number {
  if (values.length === 0) return 0;
  const m = mean(values);
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += (values[i] - m) ** 2;
  return Math.sqrt(sum / values.length);
}

/** Linear interpolation between the order statistics of an ascending array. */
export function percentile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return 0;
  const position = q * (sorted.length - 1);
  const low = Math.floor(position);
  const high = Math.min(sorted.length - 1, low + 1);
  return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
}

export function median(values: ArrayLike<number>): number {
  return percentile(Float64Array.from(values).sort(), 0.5);
}

export const SUMMARY_STATS = ['mean', 'std', 'p10', 'p50', 'p90'] as const;

/** mean, std, p10, p50, p90 (zeros for an empty set). */
export function summary(values: Float64Array): number[] {
  if (values.length === 0) return [0, 0, 0, 0, 0];
  const sorted = values.slice().sort();
  return [mean(values), std(values), percentile(sorted, 0.1), percentile(sorted, 0.5), percentile(sorted, 0.9)];
}

/** Least-squares slope of y over x (0 with fewer than 3 points or no spread in x). */
export function slope(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = x.length;
  if (n < 3) return 0;
  const mx = mean(x);
  const my = mean(y);
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (x[i] - mx) ** 2;
    sxy += (x[i] - mx) * (y[i] - my);
  }
  return sxx > 0 ? sxy / sxx : 0;
}

/** Regression deltas over ±2 frames, edges clamped (the HTK definition). */
export function deltas(n: number, value: (i: number) => number): Float64Array {
  const out = new Float64Array(n);
  const at = (i: number) => value(Math.min(n - 1, Math.max(0, i)));
  for (let i = 0; i < n; i++) out[i] = (at(i + 1) - at(i - 1) + 2 * (at(i + 2) - at(i - 2))) / 10;
  return out;
}
