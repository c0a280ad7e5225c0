import { Readable } from 'node:stream';

/**
 * After a refusal (too large, not wanted) this much more of the body is read
 * and dropped, so that the client gets to read the answer (a 413 with its
 * sentence) instead of a connection reset; a client sending more than that
 * is cut off.
 */
const DRAIN_BYTES = 256 * 1024 * 1024;

async function drain(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<void> {
  let dropped = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      dropped += value.byteLength;
      if (dropped > DRAIN_BYTES) {
        await reader.cancel();
        return;
      }
    }
  } catch {
    // The client went away: nothing left to drain.
  }
}

/**
 * A request's body as a Node stream, for `stream/promises` pipelines. A client
 * that goes away mid-body makes the stream fail with an error the pipeline
 * receives (never an unhandled 'error' event); a pipeline that stops reading
 * early (a limit, a refusal) leaves the rest to be drained, not reset.
 */
export function requestBody(request: Request): Readable {
  if (!request.body) return Readable.from([]);
  const reader = request.body.getReader();
  let ended = false;
  return new Readable({
    read() {
      reader.read().then(
        ({ done, value }) => {
          if (done) {
            ended = true;
            this.push(null);
          } else {
            this.push(Buffer.from(value.buffer, value.byteOffset, value.byteLength));
          }
        },
        (error: unknown) => {
          ended = true;
          this.destroy(error instanceof Error ? error : new Error(String(error)));
        },
      );
    },
    destroy(error, callback) {
      if (!ended) void drain(reader);
      callback(error);
    },
  });
}
