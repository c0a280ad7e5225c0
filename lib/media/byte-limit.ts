import { Transform } from 'node:stream';

export class TooLarge extends Error {}

/**
 * Passes bytes through and fails with TooLarge once more than `limit` have
 * passed, whatever the client announced; `onChunk` sees every chunk let through.
 */
export function byteLimit(limit: number, onChunk?: (chunk: Buffer) => void): Transform {
  let size = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      size += chunk.length;
      if (size > limit) return callback(new TooLarge());
      onChunk?.(chunk);
      callback(null, chunk);
    },
  });
}
