import { decodeAudio } from '../audio/decode';
import { extractFrameFeatures } from '../audio/frame-features';
import { poolFrameFeatures } from '../audio/pooling';
import { applyPcmAugmentation, TRAINING_AUGMENTATIONS, type Augmentation } from './augment';
import type { CorpusClip } from './corpus';

/** One pooled example: a clip, or an augmented variant of a training clip. */
export interface PooledExample {
  clip: number;
  augmentation: string;
  label: number;
  speaker: string;
  split: CorpusClip['split'];
  vector: Float32Array;
}

/**
 * Pools every clip: validation clips clean only, training clips in every
 * TRAINING_AUGMENTATIONS variant. Each distinct ffmpeg filter is decoded once
 * per clip and the PCM-only variants reuse that decode. `concurrency` clips are
 * in flight at once (ffmpeg decodes in its own process while features run here).
 */
export async function poolCorpus(
  clips: CorpusClip[],
  { concurrency = 3, onProgress }: { concurrency?: number; onProgress?: (done: number, total: number) => void } = {},
): Promise<PooledExample[]> {
  const results: PooledExample[][] = new Array(clips.length);
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < clips.length) {
      const index = next++;
      results[index] = await poolClip(clips[index], index);
      onProgress?.(++done, clips.length);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return results.flat();
}

async function poolClip(clip: CorpusClip, index: number): Promise<PooledExample[]> {
  const variants = clip.split === 'train' ? TRAINING_AUGMENTATIONS : TRAINING_AUGMENTATIONS.slice(0, 1);
  const byFilter = new Map<string | undefined, Augmentation[]>();
  for (const variant of variants) byFilter.set(variant.filter, [...(byFilter.get(variant.filter) ?? []), variant]);
  const examples: PooledExample[] = [];
  for (const [filter, group] of byFilter) {
    const decoded = await decodeAudio(clip.file, { filter });
    for (const augmentation of group) {
      const seed = index * 1009 + TRAINING_AUGMENTATIONS.indexOf(augmentation);
      const pcm = applyPcmAugmentation(decoded.slice(), augmentation, seed);
      const { vector } = poolFrameFeatures(extractFrameFeatures(pcm));
      examples.push({ clip: index, augmentation: augmentation.name, label: clip.label, speaker: clip.speaker, split: clip.split, vector });
    }
  }
  examples.sort((a, b) => variants.findIndex((v) => v.name === a.augmentation) - variants.findIndex((v) => v.name === b.augmentation));
  return examples;
}
