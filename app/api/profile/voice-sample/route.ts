import { currentActor } from '@/lib/auth/session';
import { removeReferenceVoice, saveReferenceVoice } from '@/lib/biometrics/reference-voice';
import { requestBody } from '@/lib/http/request-body';
import { canEnrolSelf } from '@/lib/policy';

export const dynamic = 'force-dynamic';

/** The raw body is an audio recording (a browser recording or an uploaded file). */
export async function POST(request: Request) {
  const actor = await currentActor();
  if (!actor || !canEnrolSelf(actor)) return Response.json({ error: 'Not found.' }, { status: 404 });
  if (!request.body) return Response.json({ error: 'The sample is empty.' }, { status: 422 });
  const problem = await saveReferenceVoice(actor.id, requestBody(request));
  return problem ? Response.json({ error: problem.error }, { status: problem.status }) : Response.json({ ok: true }, { status: 201 });
}

export async function DELETE() {
  const actor = await currentActor();
  if (!actor || !canEnrolSelf(actor)) return Response.json({ error: 'Not found.' }, { status: 404 });
  await removeReferenceVoice(actor.id);
  return Response.json({ ok: true });
}
