import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { getDb } from '../../lib/db/client';
import { analysisRuns, lessonPeople, lessons, lessonSeconds, mediaAssets } from '../../lib/db/schema';
import { storeLessonSummary } from '../../lib/results/lesson-summary';
import { syntheticLessonResults } from './synthetic-lesson';

/**
 * Stores an analysed lesson straight into the database (no recording file,
 * no models): a lesson, its media row, a finished run with the generated
 * results. For the report bench and for looking at the report of a long
 * lesson; real lessons come from uploads.
 */
export async function seedAnalysedLesson(values: {
  schoolId: string;
  classId: string;
  teacherId: string;
  title: string;
  taughtOn: string;
  durationS: number;
  seed?: number;
  shared?: boolean;
  /** Student people found in the video (default 12), for the department's minimum group size. */
  students?: number;
  /** Added to the share of student faces facing the front (−0.5 … +0.1). */
  frontShift?: number;
}): Promise<{ lessonId: string; runId: string; mediaAssetId: string }> {
  const db = getDb();
  const { seconds, summary } = syntheticLessonResults(values.durationS, values.seed, values.frontShift);
  const [lesson] = await db
    .insert(lessons)
    .values({ schoolId: values.schoolId, classId: values.classId, teacherId: values.teacherId, title: values.title, taughtOn: values.taughtOn, status: 'ready', sharedWithDepartment: values.shared ?? false })
    .returning({ id: lessons.id });
  const assetId = randomUUID();
  await db.insert(mediaAssets).values({
    id: assetId,
    lessonId: lesson.id,
    storageKey: `lessons/${lesson.id}/${assetId}/original.mp4`,
    originalName: 'lesson.mp4',
    sizeBytes: Math.round(values.durationS * 250_000),
    sha256: '0'.repeat(64),
    durationSeconds: values.durationS,
    container: 'mov,mp4,m4a,3gp,3g2,mj2',
    video: { codec: 'h264', width: 1280, height: 720, rotation: 0, displayWidth: 1280, displayHeight: 720, frameRate: 25, variableFrameRate: false },
    audio: { codec: 'aac', sampleRate: 48000, channels: 2 },
    uploadedBy: values.teacherId,
  });
  await db.update(lessons).set({ currentMediaId: assetId }).where(eq(lessons.id, lesson.id));
  const finishedAt = new Date();
  const [run] = await db
    .insert(analysisRuns)
    .values({ lessonId: lesson.id, mediaAssetId: assetId, status: 'succeeded', progress: 100, summary, notes: [], tfBackend: 'wasm', requestedBy: values.teacherId, startedAt: finishedAt, finishedAt })
    .returning({ id: analysisRuns.id });
  for (let i = 0; i < seconds.length; i += 1000) await db.insert(lessonSeconds).values(seconds.slice(i, i + 1000).map((s) => ({ ...s, runId: run.id })));
  const students = values.students ?? 12;
  if (students > 0) {
    await db.insert(lessonPeople).values(
      Array.from({ length: students }, (_, i) => ({ runId: run.id, personKey: `P${i + 2}`, role: 'student' as const, visibleSeconds: values.durationS, ranges: [[0, values.durationS]] as Array<[number, number]>, timeline: { visible: [], quality: [], expressions: [] } })),
    );
  }
  await storeLessonSummary(db, run.id);
  await db.update(lessons).set({ currentRunId: run.id }).where(eq(lessons.id, lesson.id));
  return { lessonId: lesson.id, runId: run.id, mediaAssetId: assetId };
}

const columnsOf = async (table: string, without: string[]) => {
  const result = await getDb().execute(sql`select column_name from information_schema.columns where table_name = ${table} order by ordinal_position`);
  return (result.rows as { column_name: string }[]).map((r) => r.column_name).filter((c) => !without.includes(c));
};

/**
 * Another lesson with a copy of a seeded lesson's results, made in the
 * database (for benches that need hundreds of long lessons: generating each
 * takes seconds, copying tens of milliseconds).
 */
export async function copyAnalysedLesson(
  template: { runId: string; mediaAssetId: string },
  values: { schoolId: string; classId: string; teacherId: string; title: string; taughtOn: string; shared?: boolean },
): Promise<{ lessonId: string; runId: string }> {
  const db = getDb();
  const secondsColumns = sql.raw((await columnsOf('lesson_seconds', ['run_id'])).join(', '));
  const peopleColumns = sql.raw((await columnsOf('lesson_people', ['id', 'run_id'])).join(', '));
  const [lesson] = await db
    .insert(lessons)
    .values({ schoolId: values.schoolId, classId: values.classId, teacherId: values.teacherId, title: values.title, taughtOn: values.taughtOn, status: 'ready', sharedWithDepartment: values.shared ?? false })
    .returning({ id: lessons.id });
  const copied = await db.execute(sql`
    with m as (
      insert into media_assets (lesson_id, storage_key, original_name, size_bytes, sha256, duration_seconds, container, video, audio, uploaded_by)
      select ${lesson.id}, 'lessons/' || ${lesson.id} || '/copy/original.mp4', original_name, size_bytes, sha256, duration_seconds, container, video, audio, ${values.teacherId}
      from media_assets where id = ${template.mediaAssetId} returning id
    )
    insert into analysis_runs (lesson_id, media_asset_id, status, progress, summary, notes, tf_backend, requested_by, started_at, finished_at)
    select ${lesson.id}, m.id, 'succeeded', 100, r.summary, r.notes, r.tf_backend, ${values.teacherId}, now(), now() from analysis_runs r, m where r.id = ${template.runId}
    returning id, media_asset_id`);
  const { id: runId, media_asset_id: mediaId } = copied.rows[0] as { id: string; media_asset_id: string };
  await db.execute(sql`insert into lesson_seconds (run_id, ${secondsColumns}) select ${runId}, ${secondsColumns} from lesson_seconds where run_id = ${template.runId}`);
  await db.execute(sql`insert into lesson_people (run_id, ${peopleColumns}) select ${runId}, ${peopleColumns} from lesson_people where run_id = ${template.runId}`);
  await storeLessonSummary(db, runId);
  await db.update(lessons).set({ currentMediaId: mediaId, currentRunId: runId }).where(eq(lessons.id, lesson.id));
  return { lessonId: lesson.id, runId };
}
