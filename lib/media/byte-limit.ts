import { Transform, type TransformCallback } from 'node:stream';

export class TooLarge extends Error {}

/**
 * Passes bytes through and fails with TooLarge once more than `limit` have
 * passed, whatever the client announced; `onChunk` sees every chunk let
 * through, and `bytes` counts them.
 */
export class ByteLimit extends Transform {
  bytes = 0;

  constructor(
    private readonly limit: number,
    private readonly onChunk?: (chunk: Buffer) => void,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.limit) return callback(new TooLarge());
    this.onChunk?.(chunk);
    callback(null, chunk);
  }
}
