import { Readable } from 'node:stream';
import { getStorage } from './index';

const PRIVATE = { 'Cache-Control': 'private, no-store' };

/** A stored file streamed as a private, uncached response (posters, face crops, report PDFs). */
export function storedFileResponse(key: string, contentType: string, headers: Record<string, string> = {}): Response {
  const body = Readable.toWeb(getStorage().read(key)) as ReadableStream;
  return new Response(body, { headers: { 'Content-Type': contentType, ...PRIVATE, ...headers } });
}

/** The byte range a `Range: bytes=…` header asks for (one range; suffix and open ranges too), 'unsatisfiable', or null for the whole file. */
export function requestedRange(header: string | null, size: number): { start: number; end: number } | 'unsatisfiable' | null {
  const match = header?.match(/^bytes=(\d*)-(\d*)$/);
  if (!match || (match[1] === '' && match[2] === '')) return null;
  let start: number;
  let end: number;
  if (match[1] === '') {
    start = Math.max(0, size - Number(match[2]));
    end = size - 1;
  } else {
    start = Number(match[1]);
    end = match[2] === '' ? size - 1 : Math.min(size - 1, Number(match[2]));
  }
  return start > end || start >= size ? 'unsatisfiable' : { start, end };
}

/**
 * A stored media file that honours HTTP Range requests, so a browser's player
 * can seek without downloading the whole file (206 with Content-Range).
 */
export async function storedMediaResponse(request: Request, key: string, contentType: string): Promise<Response> {
  const size = await getStorage().size(key);
  if (size === null) return Response.json({ error: 'Not found.' }, { status: 404 });
  const range = requestedRange(request.headers.get('range'), size);
  const common = { 'Content-Type': contentType, 'Accept-Ranges': 'bytes', ...PRIVATE };
  if (range === 'unsatisfiable') return new Response(null, { status: 416, headers: { ...common, 'Content-Range': `bytes */${size}` } });
  const body = Readable.toWeb(getStorage().read(key, range ?? undefined)) as ReadableStream;
  if (!range) return new Response(body, { headers: { ...common, 'Content-Length': String(size) } });
  return new Response(body, {
    status: 206,
    headers: { ...common, 'Content-Length': String(range.end - range.start + 1), 'Content-Range': `bytes ${range.start}-${range.end}/${size}` },
  });
}
