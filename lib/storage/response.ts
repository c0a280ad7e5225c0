import { Readable } from 'node:stream';
import { getStorage } from './index';

/** A stored file streamed as a private, uncached response (posters, face crops). */
export function storedFileResponse(key: string, contentType: string): Response {
  const body = Readable.toWeb(getStorage().read(key)) as ReadableStream;
  return new Response(body, { headers: { 'Content-Type': contentType, 'Cache-Control': 'private, no-store' } });
}
