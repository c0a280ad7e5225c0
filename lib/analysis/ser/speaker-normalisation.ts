import { fitStandardization, standardize } from './standardization';

/**
 * Fewest speech utterances of one speaker from which their feature statistics
 * are estimated; with fewer, callers fall back to the globally standardised model.
 */
export const MIN_SPEAKER_UTTERANCES = 10;

/**
 * Speaker normalisation (standard in speaker-independent speech emotion
 * recognition): each pooled feature is z-scored by the mean/std over the same
 * speaker's utterances from the same recording. This removes the speaker's
 * register and voice quality, and the channel, so what remains is how each
 * utterance departs from that person's usual delivery.
 */
export function normaliseSpeaker(vectors: Float32Array[]): Float32Array[] {
  if (vectors.length === 0) return [];
  const stats = fitStandardization(vectors);
  return vectors.map((vector) => standardize(vector, stats));
}

/**
 * Normalises every group (e.g. one speaker under one recording condition)
 * with its own statistics; items keep their order.
 */
export function normaliseWithinGroups<T extends { vector: Float32Array }>(items: T[], groupOf: (item: T) => string): T[] {
  const groups = new Map<string, number[]>();
  items.forEach((item, index) => groups.set(groupOf(item), [...(groups.get(groupOf(item)) ?? []), index]));
  const out = items.slice();
  for (const indices of groups.values()) {
    const normalised = normaliseSpeaker(indices.map((index) => items[index].vector));
    indices.forEach((index, k) => (out[index] = { ...items[index], vector: normalised[k] }));
  }
  return out;
}
