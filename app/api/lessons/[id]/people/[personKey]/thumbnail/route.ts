import { lessonFor } from '@/lib/access';
import { currentActor } from '@/lib/auth/session';
import { getPersonThumbnailKey, isPersonKey } from '@/lib/db/queries';
import { currentRunOf } from '@/lib/lessons/current-run';
import { storedFileResponse } from '@/lib/storage/response';

export const dynamic = 'force-dynamic';

export async function GET(_: Request, { params }: { params: Promise<{ id: string; personKey: string }> }) {
  const { id, personKey } = await params;
  if (!isPersonKey(personKey)) return Response.json({ error: 'Not found.' }, { status: 404 });
  const lesson = await lessonFor(await currentActor(), id, 'view');
  const run = lesson ? await currentRunOf(lesson) : null;
  const thumbnailKey = run ? await getPersonThumbnailKey(run.id, personKey) : null;
  if (!thumbnailKey) return Response.json({ error: 'Not found.' }, { status: 404 });
  return storedFileResponse(thumbnailKey, 'image/jpeg');
}
