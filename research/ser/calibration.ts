import { withTemperature } from '../../lib/analysis/ser/calibration';

/** Fitting and measuring temperature scaling of a classifier's probability rows (applied by lib/analysis/ser/calibration.ts). */

export { withTemperature };

export interface LabelledProbabilities {
  label: number;
  probabilities: number[];
}

export function negativeLogLikelihood(rows: LabelledProbabilities[], temperature = 1): number {
  return rows.reduce((s, r) => s - Math.log(Math.max(withTemperature(r.probabilities, temperature)[r.label], 1e-12)), 0) / Math.max(rows.length, 1);
}

/** The temperature minimising the negative log-likelihood (golden-section search over log T in [0.1, 20]). */
export function fitTemperature(rows: LabelledProbabilities[]): number {
  let lo = Math.log(0.1);
  let hi = Math.log(20);
  const ratio = (Math.sqrt(5) - 1) / 2;
  for (let i = 0; i < 60; i++) {
    const a = hi - ratio * (hi - lo);
    const b = lo + ratio * (hi - lo);
    if (negativeLogLikelihood(rows, Math.exp(a)) < negativeLogLikelihood(rows, Math.exp(b))) hi = b;
    else lo = a;
  }
  return Math.exp((lo + hi) / 2);
}

/** Expected calibration error: |accuracy − mean confidence| over equal-width confidence bins, weighted by bin size. */
export function expectedCalibrationError(rows: LabelledProbabilities[], bins = 10): number {
  const count = new Array<number>(bins).fill(0);
  const correct = new Array<number>(bins).fill(0);
  const confidence = new Array<number>(bins).fill(0);
  for (const r of rows) {
    const top = Math.max(...r.probabilities);
    const bin = Math.min(bins - 1, Math.floor(top * bins));
    count[bin]++;
    confidence[bin] += top;
    if (r.probabilities.indexOf(top) === r.label) correct[bin]++;
  }
  return count.reduce((s, n, b) => s + (n > 0 ? (n / rows.length) * Math.abs(correct[b] / n - confidence[b] / n) : 0), 0);
}
