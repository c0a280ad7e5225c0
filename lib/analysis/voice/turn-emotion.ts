import { topEmotion } from '../emotions';
import { classifySpeakerVectors, utteranceFeatures } from '../ser/classify';
import type { EmotionEstimate, EmotionWindowFeatures, LessonSpeaker, SpeechPiece } from './types';

/** Pieces longer than this are classified in equal windows of at most this length. */
export const MAX_EMOTION_WINDOW_S = 6;

/**
 * Chunk stage: the speech-emotion features of one piece starting at `startS`
 * (lesson time), in equal windows of at most MAX_EMOTION_WINDOW_S. Windows
 * the model would call "no speech" are left out. Classification waits for
 * the merge, because the speaker-normalised model needs all of one
 * speaker's windows in the lesson.
 */
export function emotionWindowFeatures(pcm: Float32Array, sampleRate: number, startS: number): EmotionWindowFeatures[] {
  const count = Math.max(1, Math.ceil(pcm.length / sampleRate / MAX_EMOTION_WINDOW_S));
  const out: EmotionWindowFeatures[] = [];
  for (let k = 0; k < count; k++) {
    const from = Math.floor((k * pcm.length) / count);
    const to = Math.floor(((k + 1) * pcm.length) / count);
    const features = utteranceFeatures(pcm.subarray(from, to), sampleRate);
    if (features.kind !== 'speech') continue;
    out.push({
      startS: round3(startS + from / sampleRate),
      endS: round3(startS + to / sampleRate),
      vector: Array.from(features.vector, (v) => Number(v.toPrecision(5))),
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
        probabilities: probabilities.map(round4),
        confidence: round4(topEmotion(probabilities).probability),
      });
    });
  }
  return { pieces: estimates, normalisation };
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;
const round4 = (x: number) => Math.round(x * 10000) / 10000;
