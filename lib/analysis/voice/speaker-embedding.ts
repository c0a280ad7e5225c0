import type { FrameFeatures } from '../audio/frame-features';

/**
 * Speaker embeddings from spectral statistics: over the speech frames of a
 * window, the mean and standard deviation of MFCC 1–12 (c0, the level, is
 * left out), mean and spread of log-F0 over voiced frames, the voiced share,
 * and mean log centroid/rolloff — projected by an LDA trained on the RAVDESS
 * train actors in synthetic classroom noise (models/voice/speaker-lda.json),
 * so directions that change with emotion and noise rather than voice are
 * suppressed.
 */

export const SPEAKER_STAT_COUNT = 29;
/** Frames of speech a window needs before its statistics are trusted (~0.5 s). */
export const MIN_EMBEDDING_FRAMES = 30;

export interface SpeakerEmbeddingModel {
  mean: number[];
  std: number[];
  /** dims rows of SPEAKER_STAT_COUNT weights each. */
  projection: number[][];
}

/** Raw statistics over the given frames (block-relative indices); null when too few frames. */
export function speakerStatistics(features: FrameFeatures, frames: ArrayLike<number>, minFrames = MIN_EMBEDDING_FRAMES): Float64Array | null {
  if (frames.length < minFrames) return null;
  const stats = new Float64Array(SPEAKER_STAT_COUNT);
  const width = features.mfccCount;
  const n = frames.length;
  for (let k = 0; k < n; k++) {
    const f = frames[k];
    for (let c = 1; c <= 12; c++) {
      const value = features.mfcc[f * width + c];
      stats[c - 1] += value / n;
      stats[11 + c] += (value * value) / n;
    }
  }
  for (let c = 0; c < 12; c++) stats[12 + c] = Math.sqrt(Math.max(0, stats[12 + c] - stats[c] * stats[c]));
  let voiced = 0;
  let logF0 = 0;
  let logF0Squares = 0;
  let centroid = 0;
  let rolloff = 0;
  for (let k = 0; k < n; k++) {
    const f = frames[k];
    centroid += Math.log(features.centroidHz[f] + 1) / n;
    rolloff += Math.log(features.rolloffHz[f] + 1) / n;
    if (!features.voiced[f] || features.f0Hz[f] <= 0) continue;
    const l = Math.log(features.f0Hz[f]);
    voiced++;
    logF0 += l;
    logF0Squares += l * l;
  }
  const meanLogF0 = voiced > 0 ? logF0 / voiced : Math.log(150);
  stats[24] = meanLogF0;
  stats[25] = voiced > 1 ? Math.sqrt(Math.max(0, logF0Squares / voiced - meanLogF0 * meanLogF0)) : 0;
  stats[26] = voiced / n;
  stats[27] = centroid;
  stats[28] = rolloff;
  return stats;
}

export function projectSpeakerStatistics(model: SpeakerEmbeddingModel, stats: Float64Array): number[] {
  const standardised = Array.from(stats, (value, i) => (value - model.mean[i]) / model.std[i]);
  return model.projection.map((row) => row.reduce((sum, w, i) => sum + w * standardised[i], 0));
}
