import { DEFAULT_POOLING_OPTIONS, selectActiveFrames, type PoolingOptions } from './active-frames';
import { DEFAULT_FRAME_OPTIONS, type FrameFeatures } from './frame-features';
import { CONTOUR_NAMES, contourFunctionals, RHYTHM_NAMES, rhythmFunctionals } from './rhythm';
import { spectralBalanceFunctionals, spectralBalanceNames, VOICING_SPLIT_NAMES, voicingSplitFunctionals } from './spectral-balance';
import { deltas, mean, std, summary, SUMMARY_STATS } from './statistics';
import { VOICE_QUALITY_NAMES, voiceQualityFunctionals } from './voice-quality';

export { DEFAULT_POOLING_OPTIONS, type PoolingOptions } from './active-frames';

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

const MFCC_COUNT = 13;
const MEL_BANDS = DEFAULT_FRAME_OPTIONS.melBands;

/**
 * The first entries of the pooled vector: the statistics the issue and the source paper's SVM baseline use (MFCCs and
 * deltas, energy, ZCR, spectral centroid/flatness/rolloff, F0 and voicing).
 */
export const BASIC_FEATURE_NAMES: readonly string[] = [
  ...Array.from({ length: MFCC_COUNT }, (_, c) => SUMMARY_STATS.map((s) => `mfcc${c}_${s}`)).flat(),
  ...Array.from({ length: MFCC_COUNT }, (_, c) => `mfcc${c}_delta_std`),
  ...SUMMARY_STATS.map((s) => `energy_db_${s}`),
  'energy_db_delta_std',
  ...['zcr', 'centroid_khz', 'flatness', 'rolloff_khz'].flatMap((name) => SUMMARY_STATS.map((s) => `${name}_${s}`)),
  ...SUMMARY_STATS.map((s) => `f0_semitones_${s}`),
  'f0_range_semitones',
  'f0_delta_std',
  'periodicity_mean',
  'voiced_ratio',
];

/**
 * Names of the pooled vector's entries, in order: BASIC_FEATURE_NAMES, then the spectral-balance, voice-quality,
 * rhythm, voicing-split and contour functionals.
 */
export const POOLED_FEATURE_NAMES: readonly string[] = [
  ...BASIC_FEATURE_NAMES,
  ...spectralBalanceNames(MEL_BANDS),
  ...VOICE_QUALITY_NAMES,
  ...RHYTHM_NAMES,
  ...VOICING_SPLIT_NAMES,
  ...CONTOUR_NAMES,
];

export const POOLED_VECTOR_LENGTH = POOLED_FEATURE_NAMES.length;

/**
 * Pools the frames of one segment (an utterance or speech turn) into a
 * fixed-length vector: statistics over the active (non-pause) frames of
 * MFCCs, their deltas, energy, spectral shape, and F0 over voiced frames
 * (in semitones re 100 Hz, so speakers' registers compare), plus the
 * voiced ratio and pitch range; then the spectral-balance, voice-quality,
 * rhythm, voicing-split and contour functionals (spectral-balance.ts,
 * voice-quality.ts, rhythm.ts).
 */
export function poolFrameFeatures(features: FrameFeatures, options: PoolingOptions = DEFAULT_POOLING_OPTIONS): PooledSegment {
  if (features.mfccCount !== MFCC_COUNT) throw new Error(`pooling expects ${MFCC_COUNT} MFCCs, got ${features.mfccCount}`);
  if (features.melBands !== MEL_BANDS) throw new Error(`pooling expects ${MEL_BANDS} mel bands, got ${features.melBands}`);
  const n = features.count;
  const frames = selectActiveFrames(features, options);
  const { energyDb, energyDeltaDb, active, voiced } = frames;

  const vector = new Float32Array(POOLED_VECTOR_LENGTH);
  let at = 0;
  const put = (values: ArrayLike<number>) => {
    for (let k = 0; k < values.length; k++) vector[at++] = values[k];
  };
  const over = (indices: number[], value: (i: number) => number) => Float64Array.from(indices, value);

  for (let c = 0; c < MFCC_COUNT; c++) put(summary(over(active, (i) => features.mfcc[i * MFCC_COUNT + c])));
  for (let c = 0; c < MFCC_COUNT; c++) {
    const delta = deltas(n, (i) => features.mfcc[i * MFCC_COUNT + c]);
    put([std(over(active, (i) => delta[i]))]);
  }
  put(summary(over(active, (i) => energyDb[i])));
  put([std(over(active, (i) => energyDeltaDb[i]))]);
  put(summary(over(active, (i) => features.zcr[i])));
  put(summary(over(active, (i) => features.centroidHz[i] / 1000)));
  put(summary(over(active, (i) => features.flatness[i])));
  put(summary(over(active, (i) => features.rolloffHz[i] / 1000)));
  const semitones = over(voiced, (i) => 12 * Math.log2(features.f0Hz[i] / 100));
  const f0Stats = summary(semitones);
  put(f0Stats);
  put([voiced.length > 0 ? f0Stats[4] - f0Stats[2] : 0]);
  const f0Steps: number[] = [];
  for (let k = 1; k < voiced.length; k++) if (voiced[k] === voiced[k - 1] + 1) f0Steps.push(semitones[k] - semitones[k - 1]);
  put([std(Float64Array.from(f0Steps))]);
  put([mean(over(active, (i) => features.periodicity[i]))]);
  put([active.length > 0 ? voiced.length / active.length : 0]);
  put(spectralBalanceFunctionals(frames));
  put(voiceQualityFunctionals(frames));
  put(rhythmFunctionals(frames));
  put(voicingSplitFunctionals(frames));
  put(contourFunctionals(frames));
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
