import type { FrameFeatures } from '../audio/frame-features';
import { rollingFloor } from './noise-floor';
import { mlpProbability, type TinyMlpWeights } from './tiny-mlp';

/**
 * Voice activity from the shared per-frame features (32 ms frames, 16 ms hop):
 * a small network scores every frame from its level above the local noise
 * floor, periodicity, spectral flatness/centroid/rolloff, ZCR and low MFCCs,
 * each also averaged over its neighbourhood, plus the level, periodicity and
 * MFCCs 0.13–0.5 s before and after (speech has syllable rhythm; chair
 * scrapes and hum do not, and the edges of a segment show as a change
 * between past and future); the scores are smoothed and
 * turned into segments with gap bridging and minimum lengths. Trained on
 * constructed lessons of the RAVDESS train actors in synthetic classroom noise
 * (scripts/train-voice-models.ts); weights in models/voice/vad.json.
 */

export interface VadModel {
  mlp: TinyMlpWeights;
  /** Probability above which a (smoothed) frame is speech. */
  threshold: number;
  /** Pauses shorter than this inside speech are bridged, s. */
  bridgeGapS: number;
  /** Speech segments shorter than this are dropped, s. */
  minSpeechS: number;
}

export const VAD_FEATURE_COUNT = 47;

/** Frame level in dB relative to full scale. */
export function frameDb(rms: number): number {
  return 20 * Math.log10(rms + 1e-7);
}

/** Local noise floor per frame, dBFS (rollingFloor of the frame levels). */
export function noiseFloorDb(features: FrameFeatures): Float32Array {
  return rollingFloor(Float32Array.from(features.rms, frameDb), features.count, Math.round(features.sampleRate / features.hop));
}

/** The classifier inputs for every frame, frame-major (count × VAD_FEATURE_COUNT). */
export function vadFeatureRows(features: FrameFeatures): Float32Array {
  const n = features.count;
  const floor = noiseFloorDb(features);
  const above = new Float32Array(n);
  const logFlatness = new Float32Array(n);
  for (let f = 0; f < n; f++) {
    above[f] = frameDb(features.rms[f]) - floor[f];
    logFlatness[f] = Math.log(features.flatness[f] + 1e-6);
  }
  const mfcc = (c: number) => {
    const out = new Float32Array(n);
    for (let f = 0; f < n; f++) out[f] = features.mfcc[f * features.mfccCount + c];
    return out;
  };
  const voiced = Float32Array.from(features.voiced);
  const aboveMean = movingMean(above, 2);
  const periodicityMean = movingMean(features.periodicity, 2);
  const context = (values: Float32Array) => CONTEXT_OFFSETS.map((offset) => shifted(values, offset));
  const columns: Float32Array[] = [
    above,
    movingMean(above, 4),
    movingMax(above, 10),
    movingMean(above, 25),
    features.periodicity,
    movingMean(features.periodicity, 4),
    movingMean(voiced, 12),
    movingMean(voiced, 30),
    logFlatness,
    movingMean(logFlatness, 4),
    movingMean(features.centroidHz, 4).map((hz) => hz / 1000),
    movingMean(features.rolloffHz, 4).map((hz) => hz / 1000),
    movingMean(features.zcr, 4),
    movingMean(mfcc(1), 4),
    movingMean(mfcc(2), 4),
    movingMean(mfcc(3), 4),
    movingMean(mfcc(4), 4),
    floor.map((db) => db / 10),
    movingStd(above, 12),
    ...context(aboveMean),
    ...context(periodicityMean),
    ...[1, 2, 3, 4].flatMap((c) => context(movingMean(mfcc(c), 2))),
  ];
  const rows = new Float32Array(n * VAD_FEATURE_COUNT);
  for (let f = 0; f < n; f++) for (let c = 0; c < VAD_FEATURE_COUNT; c++) rows[f * VAD_FEATURE_COUNT + c] = columns[c][f];
  return rows;
}

/** Context frames (16 ms hop): 0.13, 0.26 and 0.51 s before and after. */
const CONTEXT_OFFSETS = [-32, -16, -8, 8, 16, 32];

/** values[f + offset], clamped at the block's ends. */
function shifted(values: Float32Array, offset: number): Float32Array {
  const n = values.length;
  return values.map((_, f) => values[Math.min(n - 1, Math.max(0, f + offset))]);
}

/** Frames quieter than this are never speech, whatever their shape (digital silence, dead inputs). */
export const SILENCE_DB = -60;

/** Speech probability per frame, smoothed over ±3 frames. */
export function speechProbabilities(features: FrameFeatures, model: VadModel): Float32Array {
  const rows = vadFeatureRows(features);
  const scratch = new Float64Array(model.mlp.b1.length);
  const raw = new Float32Array(features.count);
  for (let f = 0; f < features.count; f++) {
    raw[f] = frameDb(features.rms[f]) < SILENCE_DB ? 0 : mlpProbability(model.mlp, rows.subarray(f * VAD_FEATURE_COUNT, (f + 1) * VAD_FEATURE_COUNT), scratch);
  }
  return movingMean(raw, 3);
}

export interface FrameSpan {
  /** First frame, inclusive (block-relative). */
  start: number;
  /** Last frame, exclusive. */
  end: number;
}

/** Thresholds smoothed probabilities into frame spans, bridging short pauses and dropping short blips. */
export function speechFrameSpans(probabilities: Float32Array, hopS: number, model: Pick<VadModel, 'threshold' | 'bridgeGapS' | 'minSpeechS'>): FrameSpan[] {
  const spans: FrameSpan[] = [];
  const bridge = Math.round(model.bridgeGapS / hopS);
  for (let f = 0; f < probabilities.length; f++) {
    if (probabilities[f] < model.threshold) continue;
    const last = spans[spans.length - 1];
    if (last && f - last.end <= bridge) last.end = f + 1;
    else spans.push({ start: f, end: f + 1 });
  }
  const minFrames = Math.round(model.minSpeechS / hopS);
  return spans.filter((s) => s.end - s.start >= minFrames);
}

export function movingMean(values: ArrayLike<number>, radius: number): Float32Array {
  const n = values.length;
  const prefix = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) prefix[i + 1] = prefix[i] + values[i];
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const from = Math.max(0, i - radius);
    const to = Math.min(n, i + radius + 1);
    out[i] = (prefix[to] - prefix[from]) / (to - from);
  }
  return out;
}

function movingStd(values: Float32Array, radius: number): Float32Array {
  const mean = movingMean(values, radius);
  const squares = movingMean(values.map((v) => v * v), radius);
  return mean.map((m, i) => Math.sqrt(Math.max(0, squares[i] - m * m)));
}

function movingMax(values: Float32Array, radius: number): Float32Array {
  const out = new Float32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    let best = -Infinity;
    for (let k = Math.max(0, i - radius); k <= Math.min(values.length - 1, i + radius); k++) best = Math.max(best, values[k]);
    out[i] = best;
  }
  return out;
}
