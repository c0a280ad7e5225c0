import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, rmdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Storage } from './storage';

export class LocalStorage implements Storage {
  private readonly rootDir: string;

  constructor(root: string) {
    this.rootDir = path.resolve(root);
  }

  locate(key: string): string {
    const full = path.resolve(this.rootDir, key);
    if (!full.startsWith(this.rootDir + path.sep)) throw new Error(`Storage key escapes the media directory: ${key}`);
    return full;
  }

  async write(key: string, body: Readable, through: Transform[] = []): Promise<void> {
    const target = this.locate(key);
    await mkdir(path.dirname(target), { recursive: true });
    // A fixed name: a retry after a killed writer truncates the leftover instead of leaving another.
    const partial = `${target}.partial`;
    try {
      await pipeline([body, ...through, createWriteStream(partial)]);
      await rename(partial, target);
    } catch (error) {
      await rm(partial, { force: true });
      await this.pruneEmptyFolders(path.dirname(target));
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
    const file = this.locate(key);
    await rm(file, { force: true });
    await this.pruneEmptyFolders(path.dirname(file));
  }

  async deleteFolder(prefix: string): Promise<void> {
    const folder = this.locate(prefix);
    await rm(folder, { recursive: true, force: true });
    await this.pruneEmptyFolders(path.dirname(folder));
  }

  /** Folders exist only while they hold something, as in an object store: empty ones up to the root go. */
  private async pruneEmptyFolders(dir: string): Promise<void> {
    for (let folder = dir; folder.startsWith(this.rootDir + path.sep); folder = path.dirname(folder)) {
      try {
        await rmdir(folder);
      } catch {
        return; // not empty (or already gone)
      }
    }
  }
}
