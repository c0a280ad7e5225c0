import { consecutiveRuns, type ActiveFrames } from './active-frames';
import { mean, percentile, slope, std } from './statistics';

/**
 * Temporal-dynamics functionals of a segment (eGeMAPS-style rate and contour
 * measures): length of voiced runs and their rate, loudness-peak rate (≈
 * syllable rate), mean rising and falling loudness slopes, pause ratio and
 * duration of the span from the first to the last active frame, the F0 slope
 * over the whole segment and within voiced runs. Arousal changes tempo and
 * how sharply loudness and pitch move.
 */
export const RHYTHM_NAMES: readonly string[] = [
  'voiced_run_seconds_mean',
  'voiced_run_seconds_std',
  'voiced_runs_per_second',
  'loudness_peaks_per_second',
  'loudness_rise_db_mean',
  'loudness_fall_db_mean',
  'pause_ratio',
  'active_span_seconds',
  'f0_slope_semitones_per_second',
  'f0_run_slope_mean',
  'f0_run_slope_abs_mean',
  'f0_run_slope_std',
];

/** A loudness peak must stand this far (dB) above the lowest smoothed level within ±PEAK_REACH frames. */
const PEAK_PROMINENCE_DB = 3;
const PEAK_REACH = 6;
/** … and this far above the activity threshold. */
const PEAK_ABOVE_THRESHOLD_DB = 10;
/** Shortest voiced run (frames) whose F0 slope is measured. */
const MIN_RUN_FRAMES = 5;

export function rhythmFunctionals({ features, energyDb, energyDeltaDb, thresholdDb, active, voiced, framesPerSecond }: ActiveFrames): number[] {
  if (active.length === 0) return new Array<number>(RHYTHM_NAMES.length).fill(0);
  const n = features.count;
  const [first, last] = [active[0], active[active.length - 1]];
  const spanSeconds = (last - first + 1) / framesPerSecond;

  const voicedRuns = consecutiveRuns(voiced);
  const runSeconds = voicedRuns.map(([start, end]) => (end - start) / framesPerSecond);

  const smoothed = Float64Array.from({ length: n }, (_, i) => {
    let sum = 0;
    let count = 0;
    for (let j = Math.max(0, i - 2); j <= Math.min(n - 1, i + 2); j++, count++) sum += energyDb[j];
    return sum / count;
  });
  let peaks = 0;
  for (let i = first + 1; i < last; i++) {
    if (!(smoothed[i] > smoothed[i - 1] && smoothed[i] >= smoothed[i + 1] && smoothed[i] > thresholdDb + PEAK_ABOVE_THRESHOLD_DB)) continue;
    let lowest = Infinity;
    for (let j = Math.max(first, i - PEAK_REACH); j <= Math.min(last, i + PEAK_REACH); j++) lowest = Math.min(lowest, smoothed[j]);
    if (smoothed[i] - lowest >= PEAK_PROMINENCE_DB) peaks++;
  }

  const activeDeltas = active.map((i) => energyDeltaDb[i]);
  let pauses = 0;
  for (let i = first; i <= last; i++) if (energyDb[i] < thresholdDb) pauses++;

  const seconds = voiced.map((i) => i / framesPerSecond);
  const semitones = voiced.map((i) => 12 * Math.log2(features.f0Hz[i] / 100));
  const runSlopes = voicedRuns.filter(([start, end]) => end - start >= MIN_RUN_FRAMES).map(([start, end]) => slope(seconds.slice(start, end), semitones.slice(start, end)));

  return [
    mean(runSeconds),
    std(runSeconds),
    voicedRuns.length / spanSeconds,
    peaks / spanSeconds,
    mean(activeDeltas.filter((d) => d > 0)),
    mean(activeDeltas.filter((d) => d < 0)),
    pauses / (last - first + 1),
    spanSeconds,
    slope(seconds, semitones),
    mean(runSlopes),
    mean(runSlopes.map(Math.abs)),
    std(runSlopes),
  ];
}

/**
 * Contour functionals: mean rising and falling F0 slopes between consecutive
 * voiced frames (semitones per second) and the share of rising steps, and the
 * loudness ranges p80 − p20 and p99 − p50 of the active frames (dB).
 */
export const CONTOUR_NAMES: readonly string[] = [
  'f0_rise_semitones_per_second_mean',
  'f0_fall_semitones_per_second_mean',
  'f0_rising_share',
  'energy_db_p80_minus_p20',
  'energy_db_p99_minus_p50',
];

export function contourFunctionals({ features, energyDb, active, voiced, framesPerSecond }: ActiveFrames): number[] {
  const rises: number[] = [];
  const falls: number[] = [];
  for (let k = 1; k < voiced.length; k++) {
    if (voiced[k] !== voiced[k - 1] + 1) continue;
    const step = 12 * Math.log2(features.f0Hz[voiced[k]] / features.f0Hz[voiced[k - 1]]) * framesPerSecond;
    (step > 0 ? rises : falls).push(step);
  }
  const levels = Float64Array.from(active, (i) => energyDb[i]).sort();
  return [
    mean(rises),
    mean(falls),
    rises.length / Math.max(1, rises.length + falls.length),
    percentile(levels, 0.8) - percentile(levels, 0.2),
    percentile(levels, 0.99) - percentile(levels, 0.5),
  ];
}
