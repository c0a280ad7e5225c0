import { Readable } from 'node:stream';
import { lessonFor } from '@/lib/access';
import { currentActor } from '@/lib/auth/session';
import { receiveUpload } from '@/lib/lessons/upload';

export const dynamic = 'force-dynamic';

/**
 * Receives a recording as the raw request body (streamed to storage, never
 * buffered). The file name comes in the X-File-Name header, URI-encoded.
 */
export async function PUT(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const lesson = await lessonFor(await currentActor(), (await params).id, 'change');
  if (!lesson) return Response.json({ error: 'Not found.' }, { status: 404 });
  const originalName = decodeURIComponent(request.headers.get('x-file-name') ?? 'recording');
  const result = await receiveUpload({
    lessonId: lesson.id,
    uploadedBy: lesson.teacherId,
    originalName,
    body: request.body ? Readable.fromWeb(request.body as import('node:stream/web').ReadableStream) : Readable.from([]),
  });
  if (!result.accepted) return Response.json({ error: result.reason }, { status: result.status });
  return Response.json({ mediaAssetId: result.mediaAssetId, runId: result.runId }, { status: 201 });
}
