import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SpeakerEmbeddingModel } from './speaker-embedding';
import type { VadModel } from './vad';

export const VOICE_MODEL_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../models/voice');

export interface VoiceModels {
  vad: VadModel;
  speaker: SpeakerEmbeddingModel;
}

let cached: Promise<VoiceModels> | undefined;

/** Loads the voice-activity and speaker-embedding weights once per process. */
export function loadVoiceModels(): Promise<VoiceModels> {
  cached ??= (async () => {
    const read = async <T>(name: string): Promise<T> => JSON.parse(await readFile(path.join(VOICE_MODEL_DIR, name), 'utf8')) as T;
    return { vad: await read<VadModel>('vad.json'), speaker: await read<SpeakerEmbeddingModel>('speaker-lda.json') };
  })();
  return cached;
}
