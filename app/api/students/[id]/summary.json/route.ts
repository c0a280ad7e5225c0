import { currentActor } from '@/lib/auth/session';
import { ownSummaryFor } from '@/lib/students/summary';

export const dynamic = 'force-dynamic';

/** A student's own summary as JSON: only for that student (a classmate's id is a 404), only with consent in force. */
export async function GET(_: Request, { params }: { params: Promise<{ id: string }> }) {
  const actor = await currentActor();
  const summary = actor && actor.id === (await params).id ? await ownSummaryFor(actor) : null;
  if (!summary || summary.kind !== 'ready') return Response.json({ error: 'Not found.' }, { status: 404 });
  return Response.json({ lessons: summary.lessons, mean: summary.mean }, { headers: { 'Cache-Control': 'private, no-store' } });
}
