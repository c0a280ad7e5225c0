import { config } from '../config';
import { LocalStorage } from './local';
import type { Storage } from './storage';

export type { Storage } from './storage';

let storage: Storage | undefined;

export function getStorage(): Storage {
  storage ??= new LocalStorage(config.mediaDir);
  return storage;
}

/** The key of a file derived from a recording (poster, sound track, face crops), stored in the recording's folder. */
export function derivedKey(recordingKey: string, name: string): string {
  return recordingKey.replace(/\/[^/]+$/, `/${name}`);
}
