import { config } from '../config';
import { LocalStorage } from './local';
import type { Storage } from './storage';

export type { Storage } from './storage';

let storage: Storage | undefined;

export function getStorage(): Storage {
  storage ??= new LocalStorage(config.mediaDir);
  return storage;
}

/**
 * Every file of a lesson lives under this prefix — its recordings and what is
 * derived from them (posters, sound tracks, face crops, voice samples, report
 * versions) — so deleting the lesson's files is deleting one folder.
 */
export function lessonFolder(lessonId: string): string {
  return `lessons/${lessonId}`;
}

/** A person's own files (reference photos kept at their request, a voice sample until its template is made), deleted with the person. */
export function personFolder(userId: string): string {
  return `people/${userId}`;
}

/** The key of a file derived from a recording (poster, sound track, face crops), stored in the recording's folder. */
export function derivedKey(recordingKey: string, name: string): string {
  return recordingKey.replace(/\/[^/]+$/, `/${name}`);
}
