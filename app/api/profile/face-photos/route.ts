import { currentActor } from '@/lib/auth/session';
import { addReferencePhotos, removeReferencePhotos } from '@/lib/biometrics/reference-faces';
import { canEnrolSelf } from '@/lib/policy';

export const dynamic = 'force-dynamic';

const MAX_PHOTO_BYTES = 10 * 1024 * 1024;

/** Multipart form: `photos` (1–5 image files), `keep` ("on" to store the photos, else only descriptors). */
export async function POST(request: Request) {
  const actor = await currentActor();
  if (!actor || !canEnrolSelf(actor)) return Response.json({ error: 'Not found.' }, { status: 404 });
  const form = await request.formData();
  const files = form.getAll('photos').filter((f): f is File => typeof f !== 'string' && f.size > 0);
  if (files.some((f) => f.size > MAX_PHOTO_BYTES)) return Response.json({ error: 'Each photo must be under 10 MB.' }, { status: 413 });
  const photos = await Promise.all(files.map(async (f) => Buffer.from(await f.arrayBuffer())));
  const problem = await addReferencePhotos(actor.id, photos, form.get('keep') === 'on');
  return problem ? Response.json({ error: problem }, { status: 422 }) : Response.json({ ok: true }, { status: 201 });
}

export async function DELETE() {
  const actor = await currentActor();
  if (!actor || !canEnrolSelf(actor)) return Response.json({ error: 'Not found.' }, { status: 404 });
  await removeReferencePhotos(actor.id);
  return Response.json({ ok: true });
}
