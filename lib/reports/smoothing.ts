import { movingMean } from '../results/moving-mean';
import { roundTo } from '../round';

/** The smoothing windows the report offers (seconds); the page lets the teacher choose, the print view picks one by length. */
export const SMOOTHING_WINDOWS_S = [10, 30, 60] as const;
export type SmoothingWindow = (typeof SMOOTHING_WINDOWS_S)[number];

/** Points per curve: enough for a chart a laptop wide, few enough to keep an hour's report small. */
const SAMPLE_POINTS = 360;

/** The seconds a curve of `length` seconds is sampled at: the middle second of each step. */
export function sampleSeconds(length: number): number[] {
  const step = Math.max(1, Math.ceil(length / SAMPLE_POINTS));
  const out: number[] = [];
  for (let t = Math.floor(step / 2); t < length; t += step) out.push(t);
  return out;
}

/** A per-second series smoothed over `windowS` (lib/results/moving-mean.ts), at the sample seconds, to 0.1. */
export function smoothedSamples(values: Array<number | null>, windowS: number, at: number[]): Array<number | null> {
  const smoothed = movingMean(values, windowS);
  return at.map((t) => (smoothed[t] === null ? null : roundTo(smoothed[t]!, 1)));
}

/** The window the print view uses: short lessons keep their detail, an hour is read minute by minute. */
export function printWindow(durationS: number): SmoothingWindow {
  return durationS <= 600 ? 10 : durationS <= 2400 ? 30 : 60;
}
