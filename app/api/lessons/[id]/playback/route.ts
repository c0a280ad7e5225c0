import { lessonFor } from '@/lib/access';
import { currentActor } from '@/lib/auth/session';
import { getMediaAsset } from '@/lib/db/queries';
import { storedMediaResponse } from '@/lib/storage/response';

export const dynamic = 'force-dynamic';

/**
 * The browser-playable copy of one of the lesson's recordings (`?recording=<id>`, the current one without it), with
 * Range support for seeking; the upload itself is never served, and a replaced recording's copy is gone with it.
 */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const lesson = await lessonFor(await currentActor(), (await params).id, 'view');
  const recordingId = new URL(request.url).searchParams.get('recording') ?? lesson?.currentMediaId;
  const asset = lesson && recordingId ? await getMediaAsset(recordingId) : null;
  if (!asset || asset.lessonId !== lesson!.id || !asset.playbackKey) return Response.json({ error: 'Not found.' }, { status: 404 });
  return storedMediaResponse(request, asset.playbackKey, asset.playbackType ?? 'video/mp4');
}
