import type { Metadata } from 'next';
import { Card, PageHeader } from '@/app/_components/ui';
import { allowOr404, requireActor } from '@/lib/auth/session';
import { MAX_REFERENCE_PHOTOS, VOICE_SAMPLE_SECONDS } from '@/lib/biometrics/limits';
import { isCurrentFaceTemplate, isCurrentVoiceTemplate } from '@/lib/biometrics/templates';
import { getVoiceTemplate, listFaceTemplates } from '@/lib/db/queries';
import type { FaceTemplate, VoiceTemplate } from '@/lib/db/schema';
import { canEnrolSelf } from '@/lib/policy';
import { mayEnrolOwnFace } from '@/lib/students/summary';
import { FacePhotosForm, RefreshWhilePending, VoiceSampleForm } from './reference-forms';

export const metadata: Metadata = { title: 'My profile' };

function FaceStatus({ photos }: { photos: FaceTemplate[] }) {
  const ready = photos.filter((p) => p.status === 'ready' && isCurrentFaceTemplate(p));
  const outdated = photos.filter((p) => p.status === 'ready' && !isCurrentFaceTemplate(p));
  const pending = photos.filter((p) => p.status === 'pending');
  const problems = [...new Set(photos.filter((p) => p.status === 'failed').map((p) => p.problem))];
  return (
    <div className="mb-4 space-y-2 text-sm">
      <p className="font-medium text-slate-800" data-testid="face-enrolment">
        {ready.length > 0
          ? `${ready.length} reference photo${ready.length === 1 ? '' : 's'} enrolled${ready.some((p) => p.photoKey) ? ' (photos kept)' : ' (descriptors only)'}. `
          : pending.length === 0 && 'No reference photos yet.'}
        {pending.length > 0 && <span className="font-normal text-slate-600">{pending.length} photo{pending.length === 1 ? ' is' : 's are'} being processed…</span>}
      </p>
      {outdated.length > 0 && (
        <p className="text-amber-800">
          {outdated.length} photo{outdated.length === 1 ? ' was' : 's were'} described by an earlier face model and {outdated.length === 1 ? 'is' : 'are'} not used to find you. Remove them and add your photos again.
        </p>
      )}
      {problems.map((problem) => (
        <p key={problem} role="alert" className="text-red-700">
          {problem}
        </p>
      ))}
    </div>
  );
}

function voiceStatus(voice: VoiceTemplate | null): { text: string; tone: 'plain' | 'warning' | 'alert' } {
  if (!voice) return { text: 'No voice sample yet.', tone: 'plain' };
  if (voice.status === 'pending') return { text: `Your ${Math.round(voice.seconds)} s sample is being processed…`, tone: 'plain' };
  if (voice.status === 'failed') return { text: voice.problem ?? 'The sample could not be used.', tone: 'alert' };
  if (!isCurrentVoiceTemplate(voice)) return { text: 'Your voice sample was described by an earlier voice model, so it is not used to find your voice. Record it again.', tone: 'warning' };
  return { text: `Voice enrolled from a ${Math.round(voice.seconds)} s sample.`, tone: 'plain' };
}

const TONES = { plain: 'text-slate-800', warning: 'text-amber-800', alert: 'text-red-700' } as const;

export default async function ProfilePage() {
  const actor = await requireActor();
  allowOr404(await mayEnrolOwnFace(actor));
  const teacher = canEnrolSelf(actor);
  const [photos, voice] = await Promise.all([listFaceTemplates(actor.id), getVoiceTemplate(actor.id)]);
  const voiceLine = voiceStatus(voice);
  const pending = photos.some((p) => p.status === 'pending') || voice?.status === 'pending';
  const activePhotos = photos.filter((p) => p.status !== 'failed').length;
  return (
    <>
      <PageHeader title="My profile" subtitle={`${actor.name} · ${actor.email}`} />
      <RefreshWhilePending pending={pending} />
      <div className="grid gap-6 lg:grid-cols-2">
        <Card title="Recognise my face">
          <p className="mb-3 text-sm text-slate-600">
            Add 1–{MAX_REFERENCE_PHOTOS} clear photos of your face. LessonLens keeps a face descriptor (128 numbers) from each to find you in your lessons; it keeps
            the photos themselves only if you tick the box.{' '}
            {teacher
              ? 'Without photos, the teacher is guessed and marked “unconfirmed”.'
              : 'It is used only for your own summary, and deleted with every lesson it found you in if the consent is withdrawn.'}
          </p>
          <FaceStatus photos={photos} />
          <FacePhotosForm enrolled={activePhotos} max={MAX_REFERENCE_PHOTOS} />
        </Card>
        {teacher && (
          <Card title="Recognise my voice">
          <p className="mb-3 text-sm text-slate-600">
            Record or upload {VOICE_SAMPLE_SECONDS.min}–{VOICE_SAMPLE_SECONDS.max} seconds of yourself speaking as you do in class. Only a voice model is kept, not
            the recording. Without it, your voice is guessed as the one speaking most, and you can correct that on each lesson page.
          </p>
          <p className={`mb-4 text-sm font-medium ${TONES[voiceLine.tone]}`} data-testid="voice-enrolment" role={voiceLine.tone === 'alert' ? 'alert' : undefined}>
            {voiceLine.text}
          </p>
          <VoiceSampleForm enrolled={!!voice} />
        </Card>
        )}
      </div>
    </>
  );
}
