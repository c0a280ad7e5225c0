import { lessonFor } from '@/lib/access';
import { currentActor } from '@/lib/auth/session';
import { getMediaAsset, getSchoolSettingsOfLesson } from '@/lib/db/queries';
import { playableCopyOf } from '@/lib/lessons/blurred-copy';
import { storedMediaResponse } from '@/lib/storage/response';

export const dynamic = 'force-dynamic';

/**
 * The browser-playable copy of one of the lesson's recordings (`?recording=<id>`, the current one without it), with
 * Range support for seeking: its copy with faces blurred where there is one, and never the unblurred copy where faces
 * must be blurred (lib/lessons/blurred-copy.ts). The upload itself is never served, and a replaced recording's copy is
 * gone with it.
 */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const lesson = await lessonFor(await currentActor(), (await params).id, 'view');
  const recordingId = new URL(request.url).searchParams.get('recording') ?? lesson?.currentMediaId;
  const asset = lesson && recordingId ? await getMediaAsset(recordingId) : null;
  if (!asset || asset.lessonId !== lesson!.id) return Response.json({ error: 'Not found.' }, { status: 404 });
  const copy = await playableCopyOf(asset, await getSchoolSettingsOfLesson(lesson!.id));
  if (copy.blurred === null) return Response.json({ error: 'Not found.' }, { status: 404 });
  return storedMediaResponse(request, copy.key, copy.type);
}
