import { config } from '../config';
import { LocalStorage } from './local';
import type { Storage } from './storage';

export type { Storage } from './storage';

let storage: Storage | undefined;

export function getStorage(): Storage {
  storage ??= new LocalStorage(config.mediaDir);
  return storage;
}
