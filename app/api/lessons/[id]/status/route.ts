import { lessonFor } from '@/lib/access';
import { currentActor } from '@/lib/auth/session';
import { lessonStatusView } from '@/lib/lessons/status';

export const dynamic = 'force-dynamic';

export async function GET(_: Request, { params }: { params: Promise<{ id: string }> }) {
  const lesson = await lessonFor(await currentActor(), (await params).id, 'view');
  if (!lesson) return Response.json({ error: 'Not found.' }, { status: 404 });
  return Response.json(await lessonStatusView(lesson), { headers: { 'Cache-Control': 'no-store' } });
}
