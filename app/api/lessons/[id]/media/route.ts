import { lessonFor } from '@/lib/access';
import { currentActor } from '@/lib/auth/session';
import { requestBody } from '@/lib/http/request-body';
import { receiveUpload } from '@/lib/lessons/upload';

export const dynamic = 'force-dynamic';

/**
 * Receives a recording as the raw request body (streamed to storage, never
 * buffered). The file name comes in the X-File-Name header, URI-encoded.
 */
export async function PUT(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const lesson = await lessonFor(await currentActor(), (await params).id, 'change');
  if (!lesson) return Response.json({ error: 'Not found.' }, { status: 404 });
  let originalName: string;
  try {
    originalName = decodeURIComponent(request.headers.get('x-file-name') ?? 'recording');
  } catch {
    return Response.json({ error: 'The file name (X-File-Name) must be URI-encoded.' }, { status: 400 });
  }
  const result = await receiveUpload({
    lessonId: lesson.id,
    uploadedBy: lesson.teacherId,
    originalName,
    body: requestBody(request),
  });
  if (!result.accepted) return Response.json({ error: result.reason }, { status: result.status });
  return Response.json({ mediaAssetId: result.mediaAssetId, runId: result.runId }, { status: 201 });
}
