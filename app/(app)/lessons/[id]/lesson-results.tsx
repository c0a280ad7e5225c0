import Link from 'next/link';
import { buttonClass, Card, formatBytes, formatDate } from '@/app/_components/ui';
import { optedOutStudents } from '@/lib/consent/records';
import { listLessonPeople, type LessonSummary } from '@/lib/db/queries';
import type { ConsentedStudentMarker, SchoolSettings } from '@/lib/db/schema';
import { consentedStudentsSeen } from '@/lib/students/matches';
import { blurredCopyOf } from '@/lib/lessons/blurred-copy';
import { currentRunOf } from '@/lib/lessons/current-run';
import { assembleReport } from '@/lib/reports/assemble';
import { indicatorCards } from '@/lib/reports/wording';
import { listExclusions } from '@/lib/results/exclusion';
import { BlurredCopyRequest, ExcludeButton } from './privacy-controls';
import { PersonChoice, VoiceChoice } from './teacher-choice';

/** How the teacher's voice was found, when it was not just the one speaking most. */
const VOICE_EVIDENCE = {
  'enrolled-voice': 'Your voice was recognised from the sample on your profile.',
  'mouth-movement': 'Your voice was found by matching who speaks when to your face’s mouth movement.',
  relabel: 'You chose your voice on this page.',
} as const;

function secs(value: number): string {
  return value >= 60 ? `${Math.floor(value / 60)} min ${Math.round(value % 60)} s` : `${value.toFixed(1)} s`;
}

/** The finished analysis at a glance, with the way into the full report (the results view). */
export async function LessonSummaryCard({ lesson }: { lesson: LessonSummary }) {
  const data = await assembleReport(lesson);
  if (!data) return null;
  const cards = indicatorCards(data);
  return (
    <Card title="Results" className="mb-6">
      <div className="grid grid-cols-2 gap-3 sm:grid-cols-4 lg:grid-cols-7" data-testid="lesson-summary">
        {cards.map((card) => (
          <div key={card.key} className="rounded-md border border-slate-200 px-3 py-2">
            <p className="text-xs text-slate-600">{card.label}</p>
            <p className="text-lg font-semibold tabular-nums text-slate-900">{card.value}</p>
          </div>
        ))}
      </div>
      <div className="mt-4 flex flex-wrap items-center gap-4">
        <Link href={`/lessons/${lesson.id}/report`} className={buttonClass}>
          Open the report
        </Link>
        <span className="text-sm text-slate-600">The recording beside the timelines, key moments, the PDF and the exports.</span>
      </div>
    </Card>
  );
}

function BlurredCopyStatus({ copy, teacher }: { copy: Awaited<ReturnType<typeof blurredCopyOf>>; teacher: 'you' | 'the teacher' }) {
  const about = `A copy of the recording in which every face but ${teacher === 'you' ? 'yours' : 'the teacher’s'} is blurred, strongly enough that a face matcher no longer recognises it. Where it exists, it is the copy the report plays, and the lesson’s still is taken from it.`;
  if (!copy) return <p className="text-sm text-slate-600">{about}</p>;
  if (copy.status === 'ready' && copy.stats) {
    return (
      <p className="text-sm text-slate-600">
        Ready ({formatBytes(copy.bytes ?? 0)}): faces blurred in {Math.round((copy.stats.framesBlurred / Math.max(1, copy.stats.frames)) * 100)} % of its {copy.stats.frames.toLocaleString('en-GB')} frames
        {copy.teacherPersonKey ? `, ${copy.teacherPersonKey} (${teacher}) left as is` : `, every face blurred (nobody is known to be ${teacher})`}. {about}
      </p>
    );
  }
  if (copy.status === 'failed') return <p className="text-sm text-red-700">The blurred copy could not be made: {copy.error}</p>;
  return (
    <p className="text-sm text-slate-600" role="status">
      Being made{copy.status === 'making' ? `: ${Math.round(copy.progress * 100)} %` : ' (waiting for a worker)'}. {about}
    </p>
  );
}

/** Who is the teacher in the video and in the sound (the teacher confirms or corrects it; others only read it), who is excluded, and the copy with faces blurred. */
export async function TeacherChoiceCards({
  lesson,
  canChange,
  settings,
  consentedStudentMarker,
}: {
  lesson: LessonSummary;
  canChange: boolean;
  settings: SchoolSettings;
  /** From the policy: 'off' for anyone but the lesson's teacher. */
  consentedStudentMarker: ConsentedStudentMarker;
}) {
  const lessonId = lesson.id;
  const run = await currentRunOf(lesson);
  if (!run) return null;
  const [people, exclusions, optedOut, blurredCopy, consentedStudents] = await Promise.all([
    listLessonPeople(run.id),
    listExclusions(run.mediaAssetId),
    canChange ? optedOutStudents(lesson.classId) : [],
    blurredCopyOf(run.id),
    consentedStudentMarker === 'off' ? new Map<string, string>() : consentedStudentsSeen(run.id),
  ]);
  const { faces, voices } = run.summary;
  const teacherOnly = faces?.studentFaceReading && faces.studentFaceReading !== 'read' ? faces.studentFaceReading : null;
  const guessSentence = canChange ? ' Confirm it or choose yourself below.' : ' The teacher has not confirmed it.';

  return (
    <div className="mb-6 grid gap-6 lg:grid-cols-2">
      {faces && (
        <Card title={`People in the video (${people.length})`}>
          {teacherOnly && (
            <p className="mb-3 rounded-md bg-slate-50 px-3 py-2 text-sm text-slate-700">
              Only {canChange ? 'your' : 'the teacher’s'} face is read at this school: students’ faces are {teacherOnly === 'count-only' ? 'only counted, anonymously, second by second' : 'neither read nor counted'}, and nothing else about them is kept.
            </p>
          )}
          {canChange && optedOut.length > 0 && !teacherOnly && (
            <p role="note" className="mb-3 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
              {optedOut.map((s) => s.name).join(', ')} {optedOut.length === 1 ? 'has' : 'have'} opted out of analysis. If {optedOut.length === 1 ? 'they are' : 'any of them is'} in the video, exclude them
              below: their data is deleted from the analysis and their face is blurred.
            </p>
          )}
          <p className="mb-4 text-sm text-slate-600">
            {faces.teacherPersonKey
              ? `${faces.teacherPersonKey} is taken to be ${canChange ? 'you' : 'the teacher'}: ${faces.teacherExplanation}.${faces.teacherConfirmed ? '' : guessSentence}`
              : teacherOnly
                ? `${canChange ? 'Your' : 'The teacher’s'} face was not found: ${faces.teacherExplanation}.`
                : 'No faces were found in the video.'}
          </p>
          <ul className="grid grid-cols-2 gap-3 sm:grid-cols-3">
            {people.map((person) => (
              <li key={person.personKey} className={`rounded-md border p-2 text-center text-sm ${person.role === 'teacher' ? 'border-brand-600 bg-brand-50' : 'border-slate-200'}`}>
                {person.thumbnailKey ? (
                  // eslint-disable-next-line @next/next/no-img-element
                  <img src={`/api/lessons/${lessonId}/people/${person.personKey}/thumbnail`} alt={`Face of ${person.personKey}`} className="mx-auto mb-2 h-20 w-20 rounded object-cover" />
                ) : (
                  <div className="mx-auto mb-2 flex h-20 w-20 items-center justify-center rounded bg-slate-100 text-xs text-slate-500" title="No picture is kept for students (school privacy setting)">
                    no picture
                  </div>
                )}
                <p className="font-medium">
                  {person.personKey} {person.role === 'teacher' && <span className="text-brand-700">· teacher</span>}
                </p>
                {consentedStudents.has(person.personKey) && (
                  <p className="text-xs font-medium text-emerald-800" data-testid="consented-student">
                    consented student{consentedStudentMarker === 'named' ? `: ${consentedStudents.get(person.personKey)}` : ''}
                  </p>
                )}
                <p className="text-xs text-slate-500">visible {secs(person.visibleSeconds)}</p>
                {canChange && (person.role !== 'teacher' || !faces.teacherConfirmed) && (
                  <PersonChoice lessonId={lessonId} personKey={person.personKey} confirm={person.role === 'teacher'} />
                )}
                {canChange && person.role !== 'teacher' && <ExcludeButton lessonId={lessonId} personKey={person.personKey} />}
              </li>
            ))}
          </ul>
          {exclusions.length > 0 && (
            <div className="mt-4 border-t border-slate-100 pt-3 text-sm text-slate-600">
              <p className="font-medium text-slate-800">Excluded from this recording ({exclusions.length})</p>
              <ul className="mt-1 space-y-0.5 text-xs">
                {exclusions.map((e) => (
                  <li key={e.id}>
                    {e.personKey} — excluded by {e.excludedByName} on {formatDate(e.createdAt)}: their data is deleted from the analysis, they are left out of any re-run of this recording, and their face is blurred.
                  </li>
                ))}
              </ul>
            </div>
          )}
        </Card>
      )}

      {voices && voices.speakers.length > 0 && (
        <Card title={`Voices (${voices.speakers.length})`}>
          {!voices.teacherConfirmed && (
            <p className="mb-3 text-sm text-amber-800">
              The teacher’s voice was guessed as the one speaking most (unconfirmed).{canChange ? ' Confirm it or choose your voice below.' : ''}
            </p>
          )}
          {voices.teacherConfirmed && voices.teacherEvidence && voices.teacherEvidence !== 'dominant-speaker' && (
            <p className="mb-3 text-xs text-slate-500">{canChange ? VOICE_EVIDENCE[voices.teacherEvidence] : 'The teacher’s voice is confirmed.'}</p>
          )}
          <ul className="divide-y divide-slate-100 text-sm">
            {voices.speakers.map((speaker) => (
              <li key={speaker.id} className="flex flex-wrap items-center justify-between gap-3 py-2">
                <span className="min-w-48 flex-1">
                  Voice {speaker.id + 1} {speaker.role === 'teacher' && <span className="font-medium text-brand-700">· teacher</span>}
                  <span className="ml-2 text-slate-500">speaks {secs(speaker.speechS)}</span>
                  {speaker.notEnoughSpeech && <span className="ml-2 text-slate-500">· too little speech to read the tone of this voice</span>}
                </span>
                {speaker.sampleKey && (
                  <audio controls preload="none" className="h-8 w-full max-w-64 sm:w-64" aria-label={`Listen to voice ${speaker.id + 1}`} src={`/api/lessons/${lessonId}/voices/${speaker.id}/sample`} />
                )}
                {canChange && (speaker.role !== 'teacher' || !voices.teacherConfirmed) && (
                  <VoiceChoice lessonId={lessonId} speakerId={speaker.id} confirm={speaker.role === 'teacher'} />
                )}
              </li>
            ))}
          </ul>
        </Card>
      )}
      {faces && (settings.blurredPlaybackCopy !== 'never' || blurredCopy || exclusions.length > 0) && (
        <Card title="Copy with faces blurred">
          <BlurredCopyStatus copy={blurredCopy} teacher={canChange ? 'you' : 'the teacher'} />
          {canChange && !blurredCopy && settings.blurredPlaybackCopy !== 'never' && (
            <div className="mt-3">
              <BlurredCopyRequest lessonId={lessonId} />
            </div>
          )}
        </Card>
      )}
    </div>
  );
}
