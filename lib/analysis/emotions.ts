/**
 * The one label set shared by the face and voice sides, in a fixed order:
 * probability vectors everywhere in LessonLens are indexed by this list.
 */
export const EMOTIONS = ['neutral', 'happy', 'sad', 'angry', 'fearful', 'disgusted', 'surprised'] as const;

export type Emotion = (typeof EMOTIONS)[number];

/** Probabilities over EMOTIONS, same order, summing to 1. */
export type EmotionProbabilities = number[];

export function topEmotion(probabilities: EmotionProbabilities): { emotion: Emotion; probability: number } {
  let best = 0;
  for (let i = 1; i < EMOTIONS.length; i++) if (probabilities[i] > probabilities[best]) best = i;
  return { emotion: EMOTIONS[best], probability: probabilities[best] };
}
