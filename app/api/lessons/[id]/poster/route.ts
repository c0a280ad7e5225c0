import { lessonFor } from '@/lib/access';
import { currentActor } from '@/lib/auth/session';
import { getMediaAsset } from '@/lib/db/queries';
import { storedFileResponse } from '@/lib/storage/response';

export const dynamic = 'force-dynamic';

export async function GET(_: Request, { params }: { params: Promise<{ id: string }> }) {
  const lesson = await lessonFor(await currentActor(), (await params).id, 'view');
  const asset = lesson?.currentMediaId ? await getMediaAsset(lesson.currentMediaId) : null;
  if (!asset?.posterKey) return Response.json({ error: 'Not found.' }, { status: 404 });
  return storedFileResponse(asset.posterKey, 'image/jpeg');
}
