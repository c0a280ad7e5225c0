/**
 * Centred moving mean over `windowS` seconds of a per-second series, skipping
 * missing seconds; null where nothing was read within a sixth of the window
 * (at least 2 s) of that second, so a curve does not reach far into
 * stretches where nothing was read. Used by the key moments and by the
 * report's smoothed charts, so both see the same curve.
 */
export function movingMean(values: Array<number | null>, windowS: number): Array<number | null> {
  const half = Math.floor(windowS / 2);
  const sums = new Float64Array(values.length + 1);
  const counts = new Int32Array(values.length + 1);
  values.forEach((v, i) => {
    sums[i + 1] = sums[i] + (v ?? 0);
    counts[i + 1] = counts[i] + (v === null ? 0 : 1);
  });
  const near = Math.max(2, Math.floor(windowS / 6));
  const countIn = (a: number, b: number) => counts[Math.min(values.length, b)] - counts[Math.max(0, a)];
  return values.map((_, t) => {
    if (countIn(t - near, t + near + 1) === 0) return null;
    const from = Math.max(0, t - half);
    const to = Math.min(values.length, t + half + 1);
    return (sums[to] - sums[from]) / (counts[to] - counts[from]);
  });
}
