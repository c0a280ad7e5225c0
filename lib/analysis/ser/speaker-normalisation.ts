import { POOLED_FEATURE_NAMES } from '../audio/pooling';
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

/** Input layout of the speaker-normalised model: the pooled features, then the same features speaker-normalised. */
export const SPEAKER_MODEL_FEATURE_NAMES: readonly string[] = [...POOLED_FEATURE_NAMES, ...POOLED_FEATURE_NAMES.map((name) => `${name} (speaker z)`)];

/**
 * Inputs of the speaker-normalised model for one speaker's utterances: each
 * pooled vector followed by its speaker-normalised copy. The raw half keeps
 * absolute cues (loudness, pitch level) that z-scoring alone removes; keeping
 * both measured better than either alone (models/ser/README.md).
 */
export function speakerModelInputs(vectors: Float32Array[]): Float32Array[] {
  const normalised = normaliseSpeaker(vectors);
  return vectors.map((vector, i) => {
    const input = new Float32Array(2 * vector.length);
    input.set(vector);
    input.set(normalised[i], vector.length);
    return input;
  });
}

/**
 * speakerModelInputs for every group (e.g. one speaker under one recording
 * condition) with its own statistics; items keep their order.
 */
export function speakerModelInputsWithinGroups<T extends { vector: Float32Array }>(items: T[], groupOf: (item: T) => string): T[] {
  const groups = new Map<string, number[]>();
  items.forEach((item, index) => groups.set(groupOf(item), [...(groups.get(groupOf(item)) ?? []), index]));
  const out = items.slice();
  for (const indices of groups.values()) {
    const inputs = speakerModelInputs(indices.map((index) => items[index].vector));
    indices.forEach((index, k) => (out[index] = { ...items[index], vector: inputs[k] }));
  }
  return out;
}
