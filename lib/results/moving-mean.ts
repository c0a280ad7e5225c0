/**
 * Centred moving mean over `windowS` seconds of a per-second series, skipping
 * missing seconds; null where fewer than a third of the window's seconds have
 * a value, so a curve does not reach into stretches where nothing was read.
 * Used by the key moments and by the report's smoothed charts, so both see
 * the same curve.
 */
export function movingMean(values: Array<number | null>, windowS: number): Array<number | null> {
  const half = Math.floor(windowS / 2);
  const sums = new Float64Array(values.length + 1);
  const counts = new Int32Array(values.length + 1);
  values.forEach((v, i) => {
    sums[i + 1] = sums[i] + (v ?? 0);
    counts[i + 1] = counts[i] + (v === null ? 0 : 1);
  });
  return values.map((_, t) => {
    const from = Math.max(0, t - half);
    const to = Math.min(values.length, t + half + 1);
    const n = counts[to] - counts[from];
    return n > 0 && 3 * n >= to - from ? (sums[to] - sums[from]) / n : null;
  });
}
