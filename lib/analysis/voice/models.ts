import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { VadModel } from './vad';

export const VOICE_MODEL_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../models/voice');

export interface VoiceModels {
  vad: VadModel;
}

let cached: Promise<VoiceModels> | undefined;

/** Loads the voice-activity weights once per process (the speaker encoder loads in speaker-encoder.ts). */
export function loadVoiceModels(): Promise<VoiceModels> {
  cached ??= (async () => {
    const read = async <T>(name: string): Promise<T> => JSON.parse(await readFile(path.join(VOICE_MODEL_DIR, name), 'utf8')) as T;
    return { vad: await read<VadModel>('vad.json') };
  })();
  return cached;
}
