import assert from 'node:assert/strict';
import { createReadStream, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { generateRecording, HAMILTON_CLIP, hasSharedData, scratchDir } from '../helpers/fixtures';

const MEDIA = scratchDir('lessonlens-media-');
Object.assign(process.env, { LESSONLENS_MEDIA_DIR: MEDIA, QUEUE_MAINTENANCE_SECONDS: '1' });

const { eq, sql } = await import('drizzle-orm');
const { audit } = await import('../../lib/audit/log');
const { rerunAnalysis } = await import('../../lib/actions/lessons');
const { getDb } = await import('../../lib/db/client');
const { getLesson, getMediaAsset, getRun, listLessonPeople, saveSchoolSettings } = await import('../../lib/db/queries');
const { analysisRuns, auditEvents, lessons, mediaAssets, reportVersions, runAnalyses, runStages } = await import('../../lib/db/schema');
const { deleteLesson } = await import('../../lib/lessons/delete');
const { receiveUpload } = await import('../../lib/lessons/upload');
const { applyTeacherChange } = await import('../../lib/results/relabel');
const { listReportVersions } = await import('../../lib/reports/versions');
const { useTestDatabase } = await import('../helpers/database');
const { demoSchool } = await import('../helpers/fixtures');
const { runEnded, startWorker, until, uploadLesson } = await import('../helpers/workers');

useTestDatabase();

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

/** Every row of every table in the database (pg-boss's queue included), as text. */
async function everyRowAsText(): Promise<{ table: string; text: string }[]> {
  const db = getDb();
  const tables = await db.execute<{ schema: string; name: string }>(sql`
    select table_schema as schema, table_name as name from information_schema.tables
    where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema')`);
  const rows: { table: string; text: string }[] = [];
  for (const { schema, name } of tables.rows) {
    const result = await db.execute<{ text: string }>(sql`select t::text as text from ${sql.identifier(schema)}.${sql.identifier(name)} t`);
    for (const row of result.rows) rows.push({ table: `${schema}.${name}`, text: row.text });
  }
  return rows;
}

/** Arrays of 64 or more numbers anywhere in a JSON value: face descriptors are 128, voice embeddings 256. */
function longNumberArrays(value: unknown): number[] {
  if (Array.isArray(value)) {
    const own = value.length >= 64 && value.every((v) => typeof v === 'number') ? [value.length] : [];
    return [...own, ...value.flatMap(longNumberArrays)];
  }
  return value && typeof value === 'object' ? Object.values(value).flatMap(longNumberArrays) : [];
}

let worker: ReturnType<typeof startWorker>;

/** The lesson's report versions once `count` of them are printed (each run's last stage and each relabel reserve one; the worker's render-report job prints it). */
function printedVersions(lessonId: string, count: number) {
  return until(`${count} report versions to be printed`, async () => {
    const versions = await listReportVersions(lessonId);
    return versions.length === count && versions.every((v) => v.status === 'ready') ? versions : null;
  }, 120_000);
}

test('deleting a lesson leaves no trace: no row of any table and no file names its id, its runs, its recordings, its report versions or its files', async () => {
  worker = startWorker();
  const { owner, head } = await demoSchool();
  await saveSchoolSettings(owner.schoolId, { keepTeacherThumbnails: true, keepStudentThumbnails: true });
  const clip = hasSharedData ? HAMILTON_CLIP : generateRecording(path.join(scratchDir(), 'clip.mp4'), { seconds: 6 });

  // A first recording, replaced by the real one; analysed twice more (a relabel between), so the lesson has superseded runs, two recordings,
  // a playback copy and a report version (snapshot and PDF) of each run and of the relabel.
  const lesson = await uploadLesson('Deleted without trace', generateRecording(path.join(scratchDir(), 'first.mp4'), { seconds: 3 }));
  assert.equal((await runEnded(lesson.runId)).status, 'succeeded');
  const replaced = await receiveUpload({ lessonId: lesson.lessonId, uploadedBy: owner.id, originalName: 'lesson.mp4', body: createReadStream(clip) });
  assert.ok(replaced.accepted);
  assert.equal((await runEnded(replaced.runId, 300_000)).status, 'succeeded');
  const people = await listLessonPeople(replaced.runId);
  if (people.length > 1) assert.equal((await applyTeacherChange(replaced.runId, { personKey: people[1].personKey }, owner.id)).problem, null);
  const rerun = await rerunAnalysis(owner, { lessonId: lesson.lessonId });
  assert.ok(rerun.ok, rerun.error);
  assert.equal((await runEnded(rerun.id!, 300_000)).status, 'succeeded');
  const versions = await printedVersions(lesson.lessonId, people.length > 1 ? 4 : 3);
  const summary = (await getRun(rerun.id!))!.summary;
  if (hasSharedData) {
    assert.ok((await listLessonPeople(rerun.id!)).some((p) => p.thumbnailKey), 'face crops were kept');
    assert.ok(summary.voices?.speakers.some((s) => s.sampleKey), 'voice samples were cut');
  }

  // A lesson of the same class that must stay whole.
  const other = await uploadLesson('Kept', generateRecording(path.join(scratchDir(), 'kept.mp4'), { seconds: 3 }));
  assert.equal((await runEnded(other.runId)).status, 'succeeded');
  const otherFiles = filesUnder(path.join(MEDIA, 'lessons', other.lessonId));

  // No biometric template of anyone in these lessons is stored: not in the merged analyses, the stage outputs or run summaries.
  const stored = [
    ...(await getDb().select({ json: runAnalyses.analysis }).from(runAnalyses)),
    ...(await getDb().select({ json: runStages.output }).from(runStages)),
    ...(await getDb().select({ json: analysisRuns.summary }).from(analysisRuns)),
  ];
  assert.deepEqual(stored.flatMap((r) => longNumberArrays(r.json)), [], 'no descriptor or embedding in any stored analysis');

  const summaryOf = (await getLesson(lesson.lessonId))!;
  await audit(getDb(), owner, 'lesson.view', { lesson: summaryOf });
  await audit(getDb(), head, 'lesson.view', { lesson: summaryOf });

  // What names the lesson: its id, its runs, its recordings, and every file key any row or the folder holds.
  const runIds = (await getDb().select({ id: analysisRuns.id }).from(analysisRuns).where(eq(analysisRuns.lessonId, lesson.lessonId))).map((r) => r.id);
  const assets = await getDb().select().from(mediaAssets).where(eq(mediaAssets.lessonId, lesson.lessonId));
  const rowKeys = [
    ...assets.flatMap((a) => [a.storageKey, a.posterKey, a.audioTrackKey, a.playbackKey]),
    ...versions.flatMap((v) => [v.snapshotKey, v.pdfKey]),
    ...(await Promise.all(runIds.map((id) => listLessonPeople(id)))).flat().map((p) => p.thumbnailKey),
    ...(await Promise.all(runIds.map((id) => getRun(id)))).flatMap((r) => r?.summary.voices?.speakers.map((s) => s.sampleKey) ?? []),
  ].filter((k): k is string => !!k);
  const folder = path.join(MEDIA, 'lessons', lesson.lessonId);
  const fileKeys = filesUnder(folder).map((f) => path.relative(MEDIA, f));
  assert.equal(runIds.length, 3);
  assert.equal(assets.length, 2);
  assert.ok(fileKeys.length >= 5, `the lesson has files: ${fileKeys.join(', ')}`);
  assert.ok(fileKeys.every((k) => k.startsWith(`lessons/${lesson.lessonId}/`)), 'every file of the lesson is under its one folder');
  assert.ok(assets.some((a) => a.playbackKey && fileKeys.includes(a.playbackKey)), `the playback copy is among them: ${fileKeys.join(', ')}`);
  for (const v of versions) assert.ok(fileKeys.includes(v.snapshotKey!) && fileKeys.includes(v.pdfKey!), `version ${v.version}'s snapshot and PDF are among them`);
  // Exports are made on request from the rows and never stored: the rows and the folder are all there is to find.
  const traces = [lesson.lessonId, ...runIds, ...assets.map((a) => a.id), ...versions.map((v) => v.id), ...versions.map((v) => v.pdfSha256!), ...rowKeys, ...fileKeys];
  const before = (await everyRowAsText()).filter((r) => traces.some((t) => r.text.includes(t)));
  assert.ok(before.some((r) => r.table === 'pgboss.job' || r.table === 'pgboss.archive'), 'the queue named the runs before');
  assert.ok(before.some((r) => r.table.startsWith('pgboss.') && versions.some((v) => r.text.includes(v.id))), 'and the render-report jobs of the versions');
  assert.ok(before.some((r) => r.table === 'public.report_versions'));

  await deleteLesson(owner, summaryOf);

  const left = (await everyRowAsText()).filter((r) => traces.some((t) => r.text.includes(t)));
  assert.deepEqual(left, [], 'no row of any table names the lesson, its runs, its recordings, its report versions or its files');
  assert.equal((await getDb().select().from(reportVersions).where(eq(reportVersions.lessonId, lesson.lessonId))).length, 0);
  const leftFiles = filesUnder(MEDIA).filter((f) => traces.some((t) => f.includes(t) || readFileSync(f, 'latin1').includes(t)));
  assert.deepEqual(leftFiles, [], 'no file is named by or holds any of them');
  assert.equal(await getMediaAsset(assets[0].id), null);

  // The audit log keeps its entries about the lesson, in words, and the deletion itself.
  const log = await getDb().select().from(auditEvents).where(eq(auditEvents.subject, 'Deleted without trace · Physics 9A · 2026-11-20'));
  assert.deepEqual(log.map((e) => [e.action, e.actorName, e.lessonId]).sort(), [
    ['lesson.delete', 'Alex Chen', null],
    ['lesson.view', 'Alex Chen', null],
    ['lesson.view', 'Sam Rivera', null],
  ]);

  // The other lesson is whole.
  assert.ok(await getRun(other.runId));
  assert.equal((await getDb().select().from(lessons).where(eq(lessons.id, other.lessonId))).length, 1);
  assert.deepEqual(filesUnder(path.join(MEDIA, 'lessons', other.lessonId)), otherFiles);
});

test('deleting a lesson while its analysis runs: the worker stops, and nothing it was writing is left', async () => {
  const { owner } = await demoSchool();
  const lesson = await uploadLesson('Deleted mid-run', generateRecording(path.join(scratchDir(), 'long.mp4'), { seconds: 40, size: '640x480' }));
  await until('the face stage to run', async () => worker.log.some((line) => line.includes(`start faces#0 of run ${lesson.runId}`)), 120_000);
  await deleteLesson(owner, (await getLesson(lesson.lessonId))!);
  await until('the worker to stop the stage', async () => worker.log.some((line) => line.includes(`of run ${lesson.runId}`) && /stopped|dropped|skip/.test(line)), 60_000).catch((error) => {
    throw new Error(`${error.message}; the worker said:\n${worker.log.slice(-15).join('\n')}`);
  });
  await new Promise((r) => setTimeout(r, 1000));
  assert.deepEqual(
    (await everyRowAsText()).filter((r) => [lesson.lessonId, lesson.runId, lesson.mediaAssetId].some((t) => r.text.includes(t))),
    [],
  );
  assert.deepEqual(filesUnder(MEDIA).filter((f) => f.includes(lesson.lessonId)), [], 'no file of the lesson, even one written after the deletion');
});
