import busboy from 'busboy';
import { pipeline } from 'node:stream/promises';
import { requestBody } from './request-body';

export type FormFiles = { ok: true; files: Buffer[]; fields: Map<string, string> } | { ok: false; status: number; error: string };

class Refusal extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Reads a multipart form as it streams: the files of one field (empty ones
 * skipped), each refused once it passes `maxFileBytes` and the whole form
 * once it has more than `maxFiles` files, before the rest is read — so a huge
 * post costs at most maxFiles × maxFileBytes of memory. Small text fields come
 * along; other files are dropped unread.
 */
export async function receiveFormFiles(
  request: Request,
  options: { field: string; maxFiles: number; maxFileBytes: number; tooLarge: string; tooMany: string },
): Promise<FormFiles> {
  const contentType = request.headers.get('content-type') ?? '';
  if (!/^multipart\/form-data\s*;/i.test(contentType)) return { ok: false, status: 400, error: 'Send the form as multipart/form-data.' };
  const body = requestBody(request);
  const files: Buffer[] = [];
  const fields = new Map<string, string>();
  const reading: Promise<void>[] = [];
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: { 'content-type': contentType },
      limits: { files: options.maxFiles, fileSize: options.maxFileBytes, fields: 20, fieldSize: 4096, parts: options.maxFiles + 20 },
    });
  } catch {
    body.destroy();
    return { ok: false, status: 400, error: 'The form could not be read.' };
  }
  const refuse = (status: number, message: string) => body.destroy(new Refusal(status, message));
  parser.on('file', (name, stream) => {
    // A failing form fails its pipeline; the part's own stream fails with it and must not count as unhandled.
    stream.on('error', () => undefined);
    if (name !== options.field) {
      stream.resume();
      return;
    }
    const parts: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => parts.push(chunk));
    stream.on('limit', () => refuse(413, options.tooLarge));
    reading.push(
      new Promise<void>((resolve) => {
        stream.on('close', () => resolve());
        stream.on('end', () => {
          const file = Buffer.concat(parts);
          if (file.length > 0) files.push(file);
        });
      }),
    );
  });
  parser.on('field', (name, value) => fields.set(name, value));
  parser.on('filesLimit', () => refuse(413, options.tooMany));
  parser.on('partsLimit', () => refuse(413, 'The form has too many parts.'));
  try {
    await pipeline(body, parser);
    await Promise.all(reading);
  } catch (error) {
    if (error instanceof Refusal) return { ok: false, status: error.status, error: error.message };
    return { ok: false, status: 400, error: 'The form could not be read to its end (the upload was interrupted or malformed). Please try again.' };
  }
  return { ok: true, files, fields };
}
