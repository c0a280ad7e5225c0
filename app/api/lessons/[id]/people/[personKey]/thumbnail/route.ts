import { Readable } from 'node:stream';
import { lessonFor } from '@/lib/access';
import { currentActor } from '@/lib/auth/session';
import { getLatestRun, listLessonPeople } from '@/lib/db/queries';
import { getStorage } from '@/lib/storage';

export const dynamic = 'force-dynamic';

export async function GET(_: Request, { params }: { params: Promise<{ id: string; personKey: string }> }) {
  const { id, personKey } = await params;
  const lesson = await lessonFor(await currentActor(), id, 'view');
  const run = lesson ? await getLatestRun(lesson.id) : null;
  const person = run ? (await listLessonPeople(run.id)).find((p) => p.personKey === personKey) : null;
  if (!person?.thumbnailKey) return Response.json({ error: 'Not found.' }, { status: 404 });
  const body = Readable.toWeb(getStorage().read(person.thumbnailKey)) as ReadableStream;
  return new Response(body, { headers: { 'Content-Type': 'image/jpeg', 'Cache-Control': 'private, no-store' } });
}
