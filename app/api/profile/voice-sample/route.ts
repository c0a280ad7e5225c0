import { Readable } from 'node:stream';
import { currentActor } from '@/lib/auth/session';
import { removeReferenceVoice, saveReferenceVoice } from '@/lib/biometrics/reference-voice';
import { canEnrolSelf } from '@/lib/policy';

export const dynamic = 'force-dynamic';

/** The raw body is an audio recording (a browser recording or an uploaded file). */
export async function POST(request: Request) {
  const actor = await currentActor();
  if (!actor || !canEnrolSelf(actor)) return Response.json({ error: 'Not found.' }, { status: 404 });
  if (!request.body) return Response.json({ error: 'The sample is empty.' }, { status: 422 });
  const problem = await saveReferenceVoice(actor.id, Readable.fromWeb(request.body as import('node:stream/web').ReadableStream));
  return problem ? Response.json({ error: problem }, { status: 422 }) : Response.json({ ok: true }, { status: 201 });
}

export async function DELETE() {
  const actor = await currentActor();
  if (!actor || !canEnrolSelf(actor)) return Response.json({ error: 'Not found.' }, { status: 404 });
  await removeReferenceVoice(actor.id);
  return Response.json({ ok: true });
}
