import type { Readable } from 'node:stream';

/**
 * Where media bytes live. Keys are relative paths ("lessons/<id>/<asset>.mp4").
 * The local-directory implementation is the default; an S3-compatible one
 * implements the same methods (`locate` returning a presigned URL, which
 * ffmpeg reads like a path).
 */
export interface Storage {
  /** Streams `body` to `key` without holding it in memory; the object appears only once complete. */
  write(key: string, body: Readable): Promise<void>;
  read(key: string, range?: { start: number; end: number }): Readable;
  size(key: string): Promise<number | null>;
  delete(key: string): Promise<void>;
  /** Deletes every object whose key starts with `prefix/`. */
  deleteFolder(prefix: string): Promise<void>;
  /** A path or URL that ffmpeg/ffprobe can open directly. */
  locate(key: string): string;
}
