/**
 * `value` rounded to `decimals` places: stored analysis JSON keeps the digits
 * that carry meaning (probabilities to 1e-4, seconds to 1e-3) and no float noise.
 */
export function roundTo(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}
