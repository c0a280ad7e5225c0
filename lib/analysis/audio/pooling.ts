import type { FrameFeatures } from './frame-features';

export interface PoolingOptions {
  /** Frames quieter than this many dB below the segment's loudest frame are ignored as pauses. */
  activityRangeDb: number;
  /** Frames below this RMS (dBFS) are never active. */
  activityFloorDb: number;
}

export const DEFAULT_POOLING_OPTIONS: PoolingOptions = { activityRangeDb: 35, activityFloorDb: -70 };

export interface SegmentQuality {
  frames: number;
  /** Frames loud enough to count as sound (see PoolingOptions). */
  activeFrames: number;
  /** Active frames that are voiced. */
  voicedFrames: number;
  /** activeFrames / frames. */
  speechRatio: number;
  /** voicedFrames / activeFrames (0 when nothing is active). */
  voicedRatio: number;
  /** Mean RMS level of the active frames in dBFS (-Infinity when none). */
  levelDb: number;
}

export interface PooledSegment {
  /** Fixed-length vector laid out as POOLED_FEATURE_NAMES. */
  vector: Float32Array;
  quality: SegmentQuality;
}

const STATS = ['mean', 'std', 'p10', 'p50', 'p90'] as const;
const MFCC_COUNT = 13;

/** Names of the pooled vector's entries, in order. */
export const POOLED_FEATURE_NAMES: readonly string[] = [
  ...Array.from({ length: MFCC_COUNT }, (_, c) => STATS.map((s) => `mfcc${c}_${s}`)).flat(),
  ...Array.from({ length: MFCC_COUNT }, (_, c) => `mfcc${c}_delta_std`),
  ...STATS.map((s) => `energy_db_${s}`),
  'energy_db_delta_std',
  ...['zcr', 'centroid_khz', 'flatness', 'rolloff_khz'].flatMap((name) => STATS.map((s) => `${name}_${s}`)),
  ...STATS.map((s) => `f0_semitones_${s}`),
  'f0_range_semitones',
  'f0_delta_std',
  'periodicity_mean',
  'voiced_ratio',
];

export const POOLED_VECTOR_LENGTH = POOLED_FEATURE_NAMES.length;

/**
 * Pools the frames of one segment (an utterance or speech turn) into a
 * fixed-length vector: statistics over the active (non-pause) frames of
 * MFCCs, their deltas, energy, spectral shape, and F0 over voiced frames
 * (in semitones re 100 Hz, so speakers' registers compare), plus the
 * voiced ratio and pitch range.
 */
export function poolFrameFeatures(features: FrameFeatures, options: PoolingOptions = DEFAULT_POOLING_OPTIONS): PooledSegment {
  if (features.mfccCount !== MFCC_COUNT) throw new Error(`pooling expects ${MFCC_COUNT} MFCCs, got ${features.mfccCount}`);
  const n = features.count;
  const energyDb = Float64Array.from(features.rms, (r) => 20 * Math.log10(r + 1e-9));
  let peakDb = -Infinity;
  for (let i = 0; i < n; i++) peakDb = Math.max(peakDb, energyDb[i]);
  const threshold = Math.max(options.activityFloorDb, peakDb - options.activityRangeDb);
  const active: number[] = [];
  for (let i = 0; i < n; i++) if (energyDb[i] >= threshold) active.push(i);
  const voiced = active.filter((i) => features.voiced[i] === 1);

  const vector = new Float32Array(POOLED_VECTOR_LENGTH);
  let at = 0;
  const put = (values: ArrayLike<number>) => {
    for (let k = 0; k < values.length; k++) vector[at++] = values[k];
  };
  const over = (indices: number[], value: (i: number) => number) => Float64Array.from(indices, value);

  for (let c = 0; c < MFCC_COUNT; c++) put(stats(over(active, (i) => features.mfcc[i * MFCC_COUNT + c])));
  for (let c = 0; c < MFCC_COUNT; c++) {
    const delta = deltas(n, (i) => features.mfcc[i * MFCC_COUNT + c]);
    put([std(over(active, (i) => delta[i]))]);
  }
  put(stats(over(active, (i) => energyDb[i])));
  const energyDelta = deltas(n, (i) => energyDb[i]);
  put([std(over(active, (i) => energyDelta[i]))]);
  put(stats(over(active, (i) => features.zcr[i])));
  put(stats(over(active, (i) => features.centroidHz[i] / 1000)));
  put(stats(over(active, (i) => features.flatness[i])));
  put(stats(over(active, (i) => features.rolloffHz[i] / 1000)));
  const semitones = over(voiced, (i) => 12 * Math.log2(features.f0Hz[i] / 100));
  const f0Stats = stats(semitones);
  put(f0Stats);
  put([voiced.length > 0 ? f0Stats[4] - f0Stats[2] : 0]);
  const f0Steps: number[] = [];
  for (let k = 1; k < voiced.length; k++) if (voiced[k] === voiced[k - 1] + 1) f0Steps.push(semitones[k] - semitones[k - 1]);
  put([std(Float64Array.from(f0Steps))]);
  put([mean(over(active, (i) => features.periodicity[i]))]);
  put([active.length > 0 ? voiced.length / active.length : 0]);
  if (at !== POOLED_VECTOR_LENGTH) throw new Error(`pooled vector layout mismatch: wrote ${at} of ${POOLED_VECTOR_LENGTH}`);

  let activePower = 0;
  for (const i of active) activePower += features.rms[i] ** 2;
  return {
    vector,
    quality: {
      frames: n,
      activeFrames: active.length,
      voicedFrames: voiced.length,
      speechRatio: n > 0 ? active.length / n : 0,
      voicedRatio: active.length > 0 ? voiced.length / active.length : 0,
      levelDb: active.length > 0 ? 10 * Math.log10(activePower / active.length + 1e-18) : -Infinity,
    },
  };
}

/** Regression deltas over ±2 frames, edges clamped (the HTK definition). */
function deltas(n: number, value: (i: number) => number): Float64Array {
  const out = new Float64Array(n);
  const at = (i: number) => value(Math.min(n - 1, Math.max(0, i)));
  for (let i = 0; i < n; i++) out[i] = (at(i + 1) - at(i - 1) + 2 * (at(i + 2) - at(i - 2))) / 10;
  return out;
}

function mean(values: Float64Array): number {
  if (values.length === 0) return 0;
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

function std(values: Float64Array): number {
  if (values.length === 0) return 0;
  const m = mean(values);
  let sum = 0;
  for (const v of values) sum += (v - m) ** 2;
  return Math.sqrt(sum / values.length);
}

/** mean, std, p10, p50, p90 (zeros for an empty set). */
function stats(values: Float64Array): number[] {
  if (values.length === 0) return [0, 0, 0, 0, 0];
  const sorted = values.slice().sort();
  return [mean(values), std(values), percentile(sorted, 0.1), percentile(sorted, 0.5), percentile(sorted, 0.9)];
}

function percentile(sorted: Float64Array, q: number): number {
  const position = q * (sorted.length - 1);
  const low = Math.floor(position);
  const high = Math.min(sorted.length - 1, low + 1);
  return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
}
