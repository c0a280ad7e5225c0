import { lessonFor } from '@/lib/access';
import { currentActor } from '@/lib/auth/session';
import { getLatestRun, getPersonThumbnailKey } from '@/lib/db/queries';
import { storedFileResponse } from '@/lib/storage/response';

export const dynamic = 'force-dynamic';

export async function GET(_: Request, { params }: { params: Promise<{ id: string; personKey: string }> }) {
  const { id, personKey } = await params;
  const lesson = await lessonFor(await currentActor(), id, 'view');
  const run = lesson ? await getLatestRun(lesson.id) : null;
  const thumbnailKey = run ? await getPersonThumbnailKey(run.id, personKey) : null;
  if (!thumbnailKey) return Response.json({ error: 'Not found.' }, { status: 404 });
  return storedFileResponse(thumbnailKey, 'image/jpeg');
}
