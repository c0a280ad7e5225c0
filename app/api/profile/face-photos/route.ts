import { currentActor } from '@/lib/auth/session';
import { MAX_REFERENCE_PHOTOS } from '@/lib/biometrics/limits';
import { addReferencePhotos, removeReferencePhotos } from '@/lib/biometrics/reference-faces';
import { receiveFormFiles } from '@/lib/http/multipart';
import { mayEnrolOwnFace } from '@/lib/students/summary';

export const dynamic = 'force-dynamic';

const MAX_PHOTO_BYTES = 10 * 1024 * 1024;

/** A teacher's reference photos, or a consented student's photo for their own summary. Multipart form: `photos` (1–5 image files), `keep` ("on" to store the photos, else only descriptors). Streamed: a photo over 10 MB is refused as it arrives. */
export async function POST(request: Request) {
  const actor = await currentActor();
  if (!actor || !(await mayEnrolOwnFace(actor))) return Response.json({ error: 'Not found.' }, { status: 404 });
  const form = await receiveFormFiles(request, {
    field: 'photos',
    maxFiles: MAX_REFERENCE_PHOTOS,
    maxFileBytes: MAX_PHOTO_BYTES,
    tooLarge: 'Each photo must be under 10 MB.',
    tooMany: `Choose at most ${MAX_REFERENCE_PHOTOS} photos.`,
  });
  if (!form.ok) return Response.json({ error: form.error }, { status: form.status });
  const problem = await addReferencePhotos(actor, form.files, form.fields.get('keep') === 'on');
  return problem ? Response.json({ error: problem }, { status: 422 }) : Response.json({ ok: true }, { status: 201 });
}

export async function DELETE() {
  const actor = await currentActor();
  if (!actor || !(await mayEnrolOwnFace(actor))) return Response.json({ error: 'Not found.' }, { status: 404 });
  await removeReferencePhotos(actor);
  return Response.json({ ok: true });
}
