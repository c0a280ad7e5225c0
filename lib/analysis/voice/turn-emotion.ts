import { sliceFrameFeatures, type FrameFeatures } from '../audio/frame-features';
import { topEmotion } from '../emotions';
import { classifySpeakerVectors, segmentFeatures } from '../ser/classify';
import { MIN_SPEAKER_UTTERANCES } from '../ser/speaker-normalisation';
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

/** A speaker's windows are smoothed with their neighbours this close in time (Gaussian weight, s). */
export const EMOTION_SMOOTHING_S = 3;

/**
 * Merge stage: classifies every window of each lesson speaker together, so the
 * speaker-normalised model can z-score them by that speaker's own statistics
 * (voice, microphone and room are shared by a speaker's turns in one lesson),
 * with calibrated confidences (models/ser/calibration.json). A speaker with
 * fewer than MIN_SPEAKER_UTTERANCES windows gets no estimate ("not enough
 * speech"): the single-window global model is too unreliable on voices it did
 * not train on. Each window's probabilities are then smoothed over the
 * speaker's neighbouring windows (EMOTION_SMOOTHING_S), so a label does not
 * flip from one window to the next on noise.
 */
export async function classifySpeakerEmotions(pieces: (SpeechPiece & { speaker: number })[]): Promise<SpeakerEmotions> {
  const estimates: EmotionEstimate[][] = pieces.map(() => []);
  const normalisation = new Map<number, LessonSpeaker['emotionNormalisation']>();
  for (const speaker of new Set(pieces.map((p) => p.speaker))) {
    const windows = pieces.flatMap((piece, index) => (piece.speaker === speaker ? piece.emotionFeatures.map((window) => ({ index, window })) : []));
    if (windows.length === 0) continue;
    if (windows.length < MIN_SPEAKER_UTTERANCES) {
      normalisation.set(speaker, 'too-little-speech');
      continue;
    }
    const result = await classifySpeakerVectors(windows.map(({ window }) => Float32Array.from(window.vector)), { speakerNormalise: true });
    normalisation.set(speaker, result.normalisation);
    const smoothed = smoothOverTime(windows.map(({ window }) => window), result.probabilities);
    smoothed.forEach((probabilities, k) => {
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

/** Each row replaced by the duration- and Gaussian-time-weighted mean of the rows around it (same speaker). */
function smoothOverTime(spans: { startS: number; endS: number }[], rows: number[][]): number[][] {
  const centres = spans.map((s) => (s.startS + s.endS) / 2);
  return rows.map((_, i) => {
    const out = new Array<number>(rows[i].length).fill(0);
    let total = 0;
    rows.forEach((row, j) => {
      const distance = Math.abs(centres[j] - centres[i]) / EMOTION_SMOOTHING_S;
      if (distance > 3) return;
      const weight = (spans[j].endS - spans[j].startS) * Math.exp(-0.5 * distance * distance);
      total += weight;
      row.forEach((p, k) => (out[k] += weight * p));
    });
    return out.map((v) => v / total);
  });
}

