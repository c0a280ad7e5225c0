import { z } from 'zod';
import { classFor, lessonFor } from '../access';
import { createLesson as insertLesson, getLatestRun, renameLesson as updateTitle, setLessonSharing as updateSharing } from '../db/queries';
import { cancelRun, isActive, startRun } from '../jobs/runs';
import { currentRunOf } from '../lessons/current-run';
import { deleteLesson as removeLesson } from '../lessons/delete';
import type { Actor } from '../policy';
import { withTransaction } from '../db/client';
import { getSchoolSettingsOfLesson } from '../db/queries';
import { ensureBlurredCopy } from '../lessons/blurred-copy';
import { excludePerson as excludeFromRun } from '../results/exclusion';
import { applyTeacherChange, type TeacherChange } from '../results/relabel';
import { NOT_FOUND, type ActionResult } from './result';

const title = z.string().trim().min(1, 'Give the lesson a title.').max(200, 'Keep the title under 200 characters.');
const newLesson = z.object({
  classId: z.string(),
  title,
  taughtOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Choose the date the lesson was taught.'),
});

export async function createLesson(actor: Actor | null, input: Record<string, unknown>): Promise<ActionResult> {
  const parsed = newLesson.safeParse(input);
  if (!parsed.success) return { error: parsed.error.issues[0].message };
  const cls = await classFor(actor, parsed.data.classId, 'add-lesson');
  if (!cls || !actor) return NOT_FOUND;
  const lesson = await insertLesson({ schoolId: cls.schoolId, classId: cls.id, teacherId: actor.id, title: parsed.data.title, taughtOn: parsed.data.taughtOn });
  return { ok: true, id: lesson.id };
}

export async function renameLesson(actor: Actor | null, input: { lessonId: string; title: string }): Promise<ActionResult> {
  const lesson = await lessonFor(actor, input.lessonId, 'change');
  if (!lesson) return NOT_FOUND;
  const parsed = title.safeParse(input.title);
  if (!parsed.success) return { error: parsed.error.issues[0].message };
  await updateTitle(lesson.id, parsed.data);
  return { ok: true, message: 'Renamed. Stored report versions keep the title they were printed with.' };
}

/** `confirmed`: the teacher ticked that the recording, its analysis and every report version go with it. */
export async function deleteLesson(actor: Actor | null, input: { lessonId: string; confirmed: boolean }): Promise<ActionResult> {
  const lesson = await lessonFor(actor, input.lessonId, 'change');
  if (!lesson) return NOT_FOUND;
  if (!input.confirmed) return { error: 'Tick the box to confirm that the recording, its analysis and every report version are deleted with the lesson.' };
  await removeLesson(lesson.id);
  return { ok: true, message: `“${lesson.title}” was deleted.` };
}

export async function setLessonSharing(actor: Actor | null, input: { lessonId: string; shared: boolean }): Promise<ActionResult> {
  const lesson = await lessonFor(actor, input.lessonId, 'change');
  if (!lesson) return NOT_FOUND;
  await updateSharing(lesson.id, input.shared);
  return { ok: true, message: input.shared ? 'Shared with your department head.' : 'No longer shared.' };
}

export async function rerunAnalysis(actor: Actor | null, input: { lessonId: string }): Promise<ActionResult> {
  const lesson = await lessonFor(actor, input.lessonId, 'change');
  if (!lesson || !actor) return NOT_FOUND;
  if (!lesson.currentMediaId) return { error: 'Upload a recording first.' };
  const latest = await getLatestRun(lesson.id);
  if (latest && isActive(latest)) return { error: 'An analysis is already running.' };
  const runId = await startRun({ lessonId: lesson.id, mediaAssetId: lesson.currentMediaId, requestedBy: actor.id });
  return { ok: true, id: runId, message: 'Analysis started again.' };
}

export async function cancelAnalysis(actor: Actor | null, input: { lessonId: string }): Promise<ActionResult> {
  const lesson = await lessonFor(actor, input.lessonId, 'change');
  if (!lesson) return NOT_FOUND;
  const latest = await getLatestRun(lesson.id);
  if (!latest || !(await cancelRun(latest.id))) return { error: 'There is no running analysis to cancel.' };
  return { ok: true, message: 'Analysis cancelled.' };
}

/** The teacher marks which person in the video is them (or which voice, with `speakerId`). */
export async function markTeacher(actor: Actor | null, input: { lessonId: string } & TeacherChange): Promise<ActionResult> {
  const lesson = await lessonFor(actor, input.lessonId, 'change');
  if (!lesson) return NOT_FOUND;
  const run = await currentRunOf(lesson);
  if (!run) return { error: 'The lesson has no finished analysis yet.' };
  const { lessonId: _, ...change } = input;
  const outcome = await applyTeacherChange(run.id, change as TeacherChange, actor!.id);
  if (outcome.problem !== null) return { error: outcome.problem };
  return { ok: true, message: 'Updated: the timelines and a new report version now follow your choice.' };
}

/** The teacher excludes a person of the video (a student who opted out): their data leaves the analysis and their face is blurred. */
export async function excludePerson(actor: Actor | null, input: { lessonId: string; personKey: string }): Promise<ActionResult> {
  const lesson = await lessonFor(actor, input.lessonId, 'change');
  if (!lesson || !actor) return NOT_FOUND;
  const run = await currentRunOf(lesson);
  if (!run) return { error: 'The lesson has no finished analysis yet.' };
  const problem = await excludeFromRun({ runId: run.id, personKey: input.personKey, excludedBy: { id: actor.id, name: actor.name } });
  return problem ? { error: problem } : { ok: true, message: `${input.personKey} is excluded: their data is deleted from this analysis, and a copy of the recording with their face blurred is being made.` };
}

/** The teacher asks for a copy of the recording with every face but theirs blurred (where the school makes them on request). */
export async function requestBlurredCopy(actor: Actor | null, input: { lessonId: string }): Promise<ActionResult> {
  const lesson = await lessonFor(actor, input.lessonId, 'change');
  if (!lesson || !actor) return NOT_FOUND;
  if ((await getSchoolSettingsOfLesson(lesson.id)).blurredPlaybackCopy === 'never') return { error: 'Your school does not make blurred copies of recordings.' };
  const run = await currentRunOf(lesson);
  if (!run) return { error: 'The lesson has no finished analysis yet.' };
  if (!run.summary.faces) return { error: 'The recording has no picture to blur.' };
  const teacherPersonKey = run.summary.faces.teacherPersonKey;
  await withTransaction((tx, client) => ensureBlurredCopy(tx, client, { runId: run.id, reason: 'requested', requestedBy: actor.id, teacherPersonKey }));
  return { ok: true, message: 'A copy with every face but yours blurred is being made.' };
}
