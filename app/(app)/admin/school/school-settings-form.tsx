'use client';

import { useActionState } from 'react';
import { updateSchoolSettingsAction } from '@/app/actions/admin';
import { buttonClass, FormMessage, inputClass } from '@/app/_components/ui';
import type { SchoolSettings } from '@/lib/db/schema';
import { wordingFor, type WordingMode } from '@/lib/wording';

const examples = (mode: WordingMode) => wordingFor(mode).labels.slice(1, 3).map((l) => l.label).join(', ');

function Choice({ name, value, checked, title, hint }: { name: string; value: string; checked: boolean; title: string; hint: string }) {
  return (
    <label className="flex gap-3 rounded-md border border-slate-200 p-3 text-sm has-[:checked]:border-brand-600 has-[:checked]:bg-brand-50">
      <input type="radio" name={name} value={value} defaultChecked={checked} className="mt-1" />
      <span>
        <span className="font-medium text-slate-900">{title}</span>
        <span className="block text-slate-600">{hint}</span>
      </span>
    </label>
  );
}

function Days({ id, name, value, before, after }: { id: string; name: string; value: number; before: string; after: string }) {
  return (
    <label className="flex flex-wrap items-center gap-2" htmlFor={id}>
      {before}
      <span className="inline-block w-24">
        <input id={id} name={name} type="number" min={1} max={3650} required defaultValue={value} className={inputClass} />
      </span>
      {after}
    </label>
  );
}

export function SchoolSettingsForm({ settings }: { settings: SchoolSettings }) {
  const [state, formAction, pending] = useActionState(updateSchoolSettingsAction, null);
  return (
    <form action={formAction} className="space-y-6">
      <fieldset className="space-y-2">
        <legend className="mb-1 text-sm font-semibold text-slate-800">Face detector</legend>
        <Choice name="faceDetector" value="ssd" checked={settings.faceDetector === 'ssd'} title="SSD MobileNet V1 (recommended)" hint="Finds more faces, including small and turned ones." />
        <Choice name="faceDetector" value="tiny" checked={settings.faceDetector === 'tiny'} title="Tiny Face Detector" hint="About four times faster; misses more faces in group shots." />
      </fieldset>
      <fieldset className="space-y-2">
        <legend className="mb-1 text-sm font-semibold text-slate-800">Wording</legend>
        <Choice name="wording" value="emotion" checked={settings.wording === 'emotion'} title="Emotions" hint={`Results are described as emotions (${examples('emotion')}, …).`} />
        <Choice
          name="wording"
          value="expression"
          checked={settings.wording === 'expression'}
          title="Expressions only"
          hint={`Results are described as visible facial and vocal expressions (${examples('expression')}, …), not inferred emotions — for places where inferring emotions in schools is prohibited (EU AI Act).`}
        />
      </fieldset>
      <fieldset className="space-y-2">
        <legend className="mb-1 text-sm font-semibold text-slate-800">Students’ faces</legend>
        <Choice name="studentFaceReading" value="read" checked={settings.studentFaceReading === 'read'} title="Read students’ faces" hint="Expressions and head pose of every student face, per person and for the class, second by second." />
        <Choice
          name="studentFaceReading"
          value="count-only"
          checked={settings.studentFaceReading === 'count-only'}
          title="Teacher only, with anonymous counts"
          hint="Only the teacher’s face is read (found by their reference photos); of students, only how many faces were visible each second is kept."
        />
        <Choice name="studentFaceReading" value="off" checked={settings.studentFaceReading === 'off'} title="Teacher only" hint="Only the teacher’s face is read; nothing about students’ faces is kept, not even a count." />
      </fieldset>
      <fieldset className="space-y-2">
        <legend className="mb-1 text-sm font-semibold text-slate-800">Copy of the recording with faces blurred</legend>
        <Choice name="blurredPlaybackCopy" value="never" checked={settings.blurredPlaybackCopy === 'never'} title="Never" hint="Only when a teacher excludes a student from a lesson." />
        <Choice name="blurredPlaybackCopy" value="on-request" checked={settings.blurredPlaybackCopy === 'on-request'} title="When the teacher asks" hint="A button on the lesson page makes one." />
        <Choice name="blurredPlaybackCopy" value="always" checked={settings.blurredPlaybackCopy === 'always'} title="After every analysis" hint="Every face but the teacher’s is blurred in the copy that is played." />
      </fieldset>
      <fieldset className="space-y-2">
        <legend className="mb-1 text-sm font-semibold text-slate-800">Who gives consent for a student</legend>
        <Choice name="consentGivenBy" value="guardian" checked={settings.consentGivenBy === 'guardian'} title="A parent or guardian" hint="For a face template or a personal summary. A student can always opt out or withdraw themselves." />
        <Choice name="consentGivenBy" value="student" checked={settings.consentGivenBy === 'student'} title="The student" hint="Students old enough to consent for themselves. A guardian can always opt out or withdraw for them." />
      </fieldset>
      <fieldset className="space-y-2 text-sm">
        <legend className="mb-1 text-sm font-semibold text-slate-800">Students’ own summaries</legend>
        <label className="flex items-start gap-2">
          <input type="checkbox" name="studentSummaries" defaultChecked={settings.studentSummaries} className="mt-1" />
          <span>
            Let students see a summary of their own lessons. A student with consent to a face template and to a personal summary enrols a photo on their profile;
            later analyses of their classes look for them, and only they see their figures.
          </span>
        </label>
      </fieldset>
      <fieldset className="space-y-2">
        <legend className="mb-1 text-sm font-semibold text-slate-800">Consented students on the teacher’s people list</legend>
        <p className="text-xs text-slate-500">Needs students’ own summaries: only students found for their own summary are marked.</p>
        <Choice name="consentedStudentMarker" value="off" checked={settings.consentedStudentMarker === 'off'} title="Not shown" hint="The people found in a lesson stay numbered, as for every other student." />
        <Choice name="consentedStudentMarker" value="marked" checked={settings.consentedStudentMarker === 'marked'} title="Marked, without names" hint="The lesson’s teacher sees which people were matched to students who consented to their own summary." />
        <Choice name="consentedStudentMarker" value="named" checked={settings.consentedStudentMarker === 'named'} title="Marked with the student’s name" hint="The lesson’s teacher also sees that student’s name. No one else does, not even the department head." />
      </fieldset>
      <fieldset className="space-y-2">
        <legend className="mb-1 text-sm font-semibold text-slate-800">Paper for report PDFs</legend>
        <Choice name="paperSize" value="a4" checked={settings.paperSize === 'a4'} title="A4" hint="210 × 297 mm, used in most countries." />
        <Choice name="paperSize" value="letter" checked={settings.paperSize === 'letter'} title="US Letter" hint="8.5 × 11 in, used in the United States and Canada." />
      </fieldset>
      <fieldset className="space-y-2 text-sm">
        <legend className="mb-1 text-sm font-semibold text-slate-800">Face pictures kept with an analysis</legend>
        <label className="flex items-center gap-2">
          <input type="checkbox" name="keepTeacherThumbnails" defaultChecked={settings.keepTeacherThumbnails} /> Keep a small picture of the teacher’s face
        </label>
        <label className="flex items-center gap-2">
          <input type="checkbox" name="keepStudentThumbnails" defaultChecked={settings.keepStudentThumbnails} /> Keep small pictures of students’ faces
        </label>
      </fieldset>
      <fieldset className="space-y-3 text-sm">
        <legend className="mb-1 text-sm font-semibold text-slate-800">How long data is kept</legend>
        <Days id="recording-retention" name="recordingRetentionDays" value={settings.recordingRetentionDays} before="Delete an uploaded recording, and the sound track taken from it," after="days after its analysis finished. Its results stay until the teacher deletes the lesson." />
        <Days id="superseded-retention" name="supersededRunRetentionDays" value={settings.supersededRunRetentionDays} before="Keep an analysis for" after="days after a newer one replaces it (a re-run, or a new recording of the lesson); then it is deleted with its results." />
        <Days id="audit-retention" name="auditRetentionDays" value={settings.auditRetentionDays} before="Keep audit log entries for" after="days." />
      </fieldset>
      <button type="submit" className={buttonClass} disabled={pending}>
        Save settings
      </button>
      <FormMessage state={state} />
    </form>
  );
}
