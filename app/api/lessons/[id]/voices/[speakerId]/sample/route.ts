import { Readable } from 'node:stream';
import { lessonFor } from '@/lib/access';
import { currentActor } from '@/lib/auth/session';
import { getLatestRun } from '@/lib/db/queries';
import { getStorage } from '@/lib/storage';

export const dynamic = 'force-dynamic';

/** A few seconds of one voice of the lesson's latest run, so the teacher can hear which voice is theirs. */
export async function GET(_: Request, { params }: { params: Promise<{ id: string; speakerId: string }> }) {
  const { id, speakerId } = await params;
  const lesson = await lessonFor(await currentActor(), id, 'view');
  const run = lesson ? await getLatestRun(lesson.id) : null;
  const key = run?.summary.voices?.speakers.find((s) => String(s.id) === speakerId)?.sampleKey;
  if (!key) return Response.json({ error: 'Not found.' }, { status: 404 });
  const body = Readable.toWeb(getStorage().read(key)) as ReadableStream;
  return new Response(body, { headers: { 'Content-Type': 'audio/wav', 'Cache-Control': 'private, no-store' } });
}
