import { classifyUtterance } from '../ser/classify';
import type { EmotionProbabilities } from '../emotions';
import type { EmotionEstimate } from './types';

/** Speech-emotion classification of one utterance; null when the model finds no speech in it. */
export type EmotionClassifier = (pcm: Float32Array, sampleRate: number) => Promise<{ probabilities: EmotionProbabilities; confidence: number } | null>;

/** Pieces longer than this are classified in equal windows of at most this length. */
export const MAX_EMOTION_WINDOW_S = 6;

/** Emotion estimates for one speech piece starting at `startS` (lesson time). */
export async function emotionWindows(pcm: Float32Array, sampleRate: number, startS: number, classify: EmotionClassifier): Promise<EmotionEstimate[]> {
  const durationS = pcm.length / sampleRate;
  const count = Math.max(1, Math.ceil(durationS / MAX_EMOTION_WINDOW_S));
  const out: EmotionEstimate[] = [];
  for (let k = 0; k < count; k++) {
    const from = Math.floor((k * pcm.length) / count);
    const to = Math.floor(((k + 1) * pcm.length) / count);
    const result = await classify(pcm.subarray(from, to), sampleRate);
    if (!result) continue;
    out.push({
      startS: Math.round((startS + from / sampleRate) * 1000) / 1000,
      endS: Math.round((startS + to / sampleRate) * 1000) / 1000,
      probabilities: result.probabilities.map((p) => Math.round(p * 10000) / 10000),
      confidence: Math.round(result.confidence * 10000) / 10000,
    });
  }
  return out;
}

/** The shipped speech-emotion model (lib/analysis/ser); "no speech" verdicts give no estimate. */
export const serEmotionClassifier: EmotionClassifier = async (pcm, sampleRate) => {
  const result = await classifyUtterance(pcm, sampleRate);
  return result.kind === 'speech' ? { probabilities: result.probabilities, confidence: result.confidence } : null;
};
