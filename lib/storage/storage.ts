import type { Readable, Transform } from 'node:stream';

/**
 * Where media bytes live. Keys are relative paths ("lessons/<id>/<asset>.mp4").
 * The local-directory implementation is the default; an S3-compatible one
 * implements the same methods, `locate` giving a local copy: ffmpeg is only
 * ever allowed to open local files (lib/media/ffmpeg.ts).
 */
export interface Storage {
  /**
   * Streams `body` (through the `through` transforms) to `key` without holding
   * it in memory; the object appears only once complete. An error of any of
   * the streams (a client that went away, a transform's limit) rejects, and
   * nothing is left behind.
   */
  write(key: string, body: Readable, through?: Transform[]): Promise<void>;
  read(key: string, range?: { start: number; end: number }): Readable;
  size(key: string): Promise<number | null>;
  /** Deletes the object; like every deletion, leaves no empty folder behind. */
  delete(key: string): Promise<void>;
  /** Deletes every object whose key starts with `prefix/`. */
  deleteFolder(prefix: string): Promise<void>;
  /** A local path that ffmpeg/ffprobe can open directly. */
  locate(key: string): string;
}
