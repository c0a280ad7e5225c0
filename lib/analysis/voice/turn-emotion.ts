import { sliceFrameFeatures, type FrameFeatures } from '../audio/frame-features';
import { topEmotion } from '../emotions';
import { classifySpeakerVectors, segmentFeatures } from '../ser/classify';
import type { EmotionEstimate, EmotionWindowFeatures, LessonSpeaker, SpeechPiece } from './types';
import type { FrameSpan } from './vad';
import { roundTo } from '../../round';

/** Pieces longer than this are classified in equal windows of at most this length. */
export const MAX_EMOTION_WINDOW_S = 6;

/**
 * Chunk stage: the speech-emotion features of one piece, frames `span` of the
 * chunk's frame features (pooled from those, not computed again), in equal
 * windows of at most MAX_EMOTION_WINDOW_S; `chunkStartS` is the chunk's
 * lesson time. Windows the model would call "no speech" are left out.
 * Classification waits for the merge, because the speaker-normalised model
 * needs all of one speaker's windows in the lesson.
 */
export function emotionWindowFeatures(features: FrameFeatures, span: FrameSpan, chunkStartS: number): EmotionWindowFeatures[] {
  const { hop, frameSize, sampleRate } = features;
  const seconds = (from: number, to: number) => ((to - from - 1) * hop + frameSize) / sampleRate;
  const frames = span.end - span.start;
  const count = Math.max(1, Math.ceil(seconds(span.start, span.end) / MAX_EMOTION_WINDOW_S));
  const out: EmotionWindowFeatures[] = [];
  for (let k = 0; k < count; k++) {
    const from = span.start + Math.floor((k * frames) / count);
    const to = span.start + Math.floor(((k + 1) * frames) / count);
    if (to <= from) continue;
    const window = segmentFeatures(sliceFrameFeatures(features, from, to), seconds(from, to));
    if (window.kind !== 'speech') continue;
    const startS = chunkStartS + (from * hop) / sampleRate;
    out.push({
      startS: roundTo(startS, 3),
      endS: roundTo(startS + seconds(from, to), 3),
      vector: Array.from(window.vector, (v) => Number(v.toPrecision(5))),
    });
  }
  return out;
}

export interface SpeakerEmotions {
  /** Emotion estimates per piece, in the order of the pieces given. */
  pieces: EmotionEstimate[][];
  /** Per speaker id: which model judged its windows (see classifyUtterances). */
  normalisation: Map<number, LessonSpeaker['emotionNormalisation']>;
}

/**
 * Merge stage: classifies every window of each lesson speaker together, so the
 * speaker-normalised model can z-score them by that speaker's own statistics
 * (voice, microphone and room are shared by a speaker's turns in one lesson).
 * A speaker with too few windows falls back to the per-window global model.
 */
export async function classifySpeakerEmotions(pieces: (SpeechPiece & { speaker: number })[]): Promise<SpeakerEmotions> {
  const estimates: EmotionEstimate[][] = pieces.map(() => []);
  const normalisation = new Map<number, LessonSpeaker['emotionNormalisation']>();
  for (const speaker of new Set(pieces.map((p) => p.speaker))) {
    const windows = pieces.flatMap((piece, index) => (piece.speaker === speaker ? piece.emotionFeatures.map((window) => ({ index, window })) : []));
    if (windows.length === 0) continue;
    const result = await classifySpeakerVectors(windows.map(({ window }) => Float32Array.from(window.vector)), { speakerNormalise: true });
    normalisation.set(speaker, result.normalisation);
    result.probabilities.forEach((probabilities, k) => {
      const { index, window } = windows[k];
      estimates[index].push({
        startS: window.startS,
        endS: window.endS,
        probabilities: probabilities.map((v) => roundTo(v, 4)),
        confidence: roundTo(topEmotion(probabilities).probability, 4),
      });
    });
  }
  return { pieces: estimates, normalisation };
}
