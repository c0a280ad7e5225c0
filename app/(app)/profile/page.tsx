import type { Metadata } from 'next';
import { Card, PageHeader } from '@/app/_components/ui';
import { allowOr404, requireActor } from '@/lib/auth/session';
import { getVoiceTemplate, listFaceTemplates } from '@/lib/db/queries';
import { MAX_REFERENCE_PHOTOS, VOICE_SAMPLE_SECONDS } from '@/lib/biometrics/limits';
import { canEnrolSelf } from '@/lib/policy';
import { FacePhotosForm, VoiceSampleForm } from './reference-forms';

export const metadata: Metadata = { title: 'My profile' };

export default async function ProfilePage() {
  const actor = await requireActor();
  allowOr404(canEnrolSelf(actor));
  const [photos, voice] = await Promise.all([listFaceTemplates(actor.id), getVoiceTemplate(actor.id)]);
  return (
    <>
      <PageHeader title="My profile" subtitle={`${actor.name} · ${actor.email}`} />
      <div className="grid gap-6 lg:grid-cols-2">
        <Card title="Recognise my face">
          <p className="mb-3 text-sm text-slate-600">
            Add 1–{MAX_REFERENCE_PHOTOS} clear photos of your face. LessonLens keeps a face descriptor (128 numbers) from each to find you in your lessons; it keeps
            the photos themselves only if you tick the box. Without photos, the teacher is guessed and marked “unconfirmed”.
          </p>
          <p className="mb-4 text-sm font-medium text-slate-800" data-testid="face-enrolment">
            {photos.length === 0 ? 'No reference photos yet.' : `${photos.length} reference photo${photos.length === 1 ? '' : 's'} enrolled${photos.some((p) => p.photoKey) ? ' (photos kept)' : ' (descriptors only)'}.`}
          </p>
          <FacePhotosForm enrolled={photos.length} max={MAX_REFERENCE_PHOTOS} />
        </Card>
        <Card title="Recognise my voice">
          <p className="mb-3 text-sm text-slate-600">
            Record or upload {VOICE_SAMPLE_SECONDS.min}–{VOICE_SAMPLE_SECONDS.max} seconds of yourself speaking as you do in class. Only a voice model is kept, not
            the recording. Without it, your voice is guessed as the one speaking most, and you can correct that on each lesson page.
          </p>
          <p className="mb-4 text-sm font-medium text-slate-800" data-testid="voice-enrolment">
            {voice ? `Voice enrolled from a ${Math.round(voice.seconds)} s sample.` : 'No voice sample yet.'}
          </p>
          <VoiceSampleForm enrolled={!!voice} />
        </Card>
      </div>
    </>
  );
}
