import { lessonFor } from '@/lib/access';
import { audit } from '@/lib/audit/log';
import { currentActor } from '@/lib/auth/session';
import { getDb } from '@/lib/db/client';
import { getMediaAsset, getSchoolSettingsOfLesson } from '@/lib/db/queries';
import { playableCopyOf } from '@/lib/lessons/blurred-copy';
import { storedMediaResponse } from '@/lib/storage/response';

export const dynamic = 'force-dynamic';

/**
 * The browser-playable copy of one of the lesson's recordings (`?recording=<id>`, the current one without it), with
 * Range support for seeking: its copy with faces blurred where there is one, and never the unblurred copy where faces
 * must be blurred (lib/lessons/blurred-copy.ts). The upload itself is never served (the copy outlives it under the
 * school's retention), and a replaced recording's copy is gone with it. A video asks for its bytes in many Range
 * requests: one audit entry per visit (the read rule of lib/audit).
 */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const actor = await currentActor();
  const lesson = await lessonFor(actor, (await params).id, 'view');
  const recordingId = new URL(request.url).searchParams.get('recording') ?? lesson?.currentMediaId;
  const asset = lesson && recordingId ? await getMediaAsset(recordingId) : null;
  if (!asset || asset.lessonId !== lesson!.id) return Response.json({ error: 'Not found.' }, { status: 404 });
  const copy = await playableCopyOf(asset, await getSchoolSettingsOfLesson(lesson!.id));
  if (copy.blurred === null) return Response.json({ error: 'Not found.' }, { status: 404 });
  await audit(getDb(), actor!, 'playback.view', { lesson: lesson! });
  return storedMediaResponse(request, copy.key, copy.type);
}
