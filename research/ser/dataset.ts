import { decodeAudioVariants } from '../../lib/analysis/audio/decode';
import { extractFrameFeatures } from '../../lib/analysis/audio/frame-features';
import { poolFrameFeatures } from '../../lib/analysis/audio/pooling';
import { loadClips } from '../audio/speech-clips';
import { applyPcmAugmentation, TRAINING_AUGMENTATIONS } from './augment';
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
 * TRAINING_AUGMENTATIONS variant. One ffmpeg run per clip decodes every
 * distinct filter graph; the PCM-only variants reuse those decodes. `concurrency` clips are
 * in flight at once (ffmpeg decodes in its own process while features run here).
 * The classroom-noise murmur over a training clip is made of the other
 * training speakers' clips, so no validation voice is heard in training.
 */
export async function poolCorpus(
  clips: CorpusClip[],
  { concurrency = 3, onProgress }: { concurrency?: number; onProgress?: (done: number, total: number) => void } = {},
): Promise<PooledExample[]> {
  const murmurFor = await murmurPools(clips.filter((clip) => clip.split === 'train'));
  const results: PooledExample[][] = new Array(clips.length);
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < clips.length) {
      const index = next++;
      const clip = clips[index];
      results[index] = await poolClip(clip, index, murmurFor.get(clip.speaker) ?? []);
      onProgress?.(++done, clips.length);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return results.flat();
}

/** For each training speaker, the trimmed clips of every other training speaker. */
async function murmurPools(trainClips: CorpusClip[]): Promise<Map<string, Float32Array[]>> {
  const loaded = await loadClips(trainClips);
  const speakers = [...new Set(trainClips.map((clip) => clip.speaker))];
  if (speakers.length < 2) throw new Error('the classroom-noise augmentation needs at least two training speakers (the murmur is other speakers\' clips)');
  return new Map(speakers.map((speaker) => [speaker, loaded.filter((clip) => clip.speaker !== speaker).map((clip) => clip.pcm)]));
}

async function poolClip(clip: CorpusClip, index: number, murmurClips: Float32Array[]): Promise<PooledExample[]> {
  const variants = clip.split === 'train' ? TRAINING_AUGMENTATIONS : TRAINING_AUGMENTATIONS.slice(0, 1);
  const filters = [...new Set(variants.map((variant) => variant.filter))];
  const decoded = await decodeAudioVariants(clip.file, filters);
  return variants.map((augmentation) => {
    const seed = index * 1009 + TRAINING_AUGMENTATIONS.indexOf(augmentation);
    const pcm = applyPcmAugmentation(decoded[filters.indexOf(augmentation.filter)].slice(), augmentation, seed, murmurClips);
    const { vector } = poolFrameFeatures(extractFrameFeatures(pcm));
    return { clip: index, augmentation: augmentation.name, label: clip.label, speaker: clip.speaker, split: clip.split, vector };
  });
}
