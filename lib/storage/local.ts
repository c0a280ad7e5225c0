import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Storage } from './storage';

export class LocalStorage implements Storage {
  constructor(private readonly root: string) {}

  locate(key: string): string {
    const full = path.resolve(this.root, key);
    if (!full.startsWith(path.resolve(this.root) + path.sep)) throw new Error(`Storage key escapes the media directory: ${key}`);
    return full;
  }

  async write(key: string, body: Readable): Promise<void> {
    const target = this.locate(key);
    await mkdir(path.dirname(target), { recursive: true });
    // A fixed name: a retry after a killed writer truncates the leftover instead of leaving another.
    const partial = `${target}.partial`;
    try {
      await pipeline(body, createWriteStream(partial));
      await rename(partial, target);
    } catch (error) {
      await rm(partial, { force: true });
      throw error;
    }
  }

  read(key: string, range?: { start: number; end: number }): Readable {
    return createReadStream(this.locate(key), range);
  }

  async size(key: string): Promise<number | null> {
    try {
      return (await stat(this.locate(key))).size;
    } catch {
      return null;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.locate(key), { force: true });
  }

  async deleteFolder(prefix: string): Promise<void> {
    await rm(this.locate(prefix), { recursive: true, force: true });
  }
}
