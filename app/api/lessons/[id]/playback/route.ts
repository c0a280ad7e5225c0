import { lessonFor } from '@/lib/access';
import { currentActor } from '@/lib/auth/session';
import { getMediaAsset } from '@/lib/db/queries';
import { storedMediaResponse } from '@/lib/storage/response';

export const dynamic = 'force-dynamic';

/** The browser-playable copy of the lesson's recording, with Range support for seeking; the upload itself is never served. */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const lesson = await lessonFor(await currentActor(), (await params).id, 'view');
  const asset = lesson?.currentMediaId ? await getMediaAsset(lesson.currentMediaId) : null;
  if (!asset?.playbackKey) return Response.json({ error: 'Not found.' }, { status: 404 });
  return storedMediaResponse(request, asset.playbackKey, asset.playbackType ?? 'video/mp4');
}
