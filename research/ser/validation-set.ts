import path from 'node:path';
import { decodeAudio } from '../../lib/analysis/audio/decode';
import { loadClips } from '../audio/speech-clips';
import { readCorpusManifest, type CorpusClip } from './corpus';

/** A corpus's validation clips decoded, their speakers, and the train clips that make the classroom murmur. */
export async function loadValidationSet(dataDir: string): Promise<{ clips: CorpusClip[]; decoded: Float32Array[]; speakers: string[]; murmurClips: Float32Array[] }> {
  const corpus = readCorpusManifest(path.resolve(dataDir));
  const clips = corpus.filter((clip) => clip.split === 'validation');
  const murmurClips = (await loadClips(corpus.filter((clip) => clip.split === 'train'))).map((clip) => clip.pcm);
  const decoded = await Promise.all(clips.map((clip) => decodeAudio(clip.file)));
  return { clips, decoded, speakers: [...new Set(clips.map((clip) => clip.speaker))], murmurClips };
}
