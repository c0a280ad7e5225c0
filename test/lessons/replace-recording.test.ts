import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { generateRecording, scratchDir } from '../helpers/fixtures';

Object.assign(process.env, { LESSONLENS_MEDIA_DIR: scratchDir('lessonlens-media-'), STAGE_RETRY_DELAY_SECONDS: '1', QUEUE_MAINTENANCE_SECONDS: '1' });

const { eq } = await import('drizzle-orm');
const { getDb } = await import('../../lib/db/client');
const { lessons, mediaAssets, reportVersions, runAnalyses } = await import('../../lib/db/schema');
const { getRun, listLessonSeconds } = await import('../../lib/db/queries');
const { startRun } = await import('../../lib/jobs/runs');
const { receiveUpload } = await import('../../lib/lessons/upload');
const { deleteSupersededRuns } = await import('../../lib/lessons/superseded-runs');
const { listReportVersions, readSnapshot } = await import('../../lib/reports/versions');
const { getStorage } = await import('../../lib/storage');
const { useTestDatabase } = await import('../helpers/database');
const { runEnded, startWorker, until, uploadLesson } = await import('../helpers/workers');
const { createReadStream } = await import('node:fs');
const { buffer } = await import('node:stream/consumers');

useTestDatabase();

/** The lesson's versions once the newest is printed (the render-report job runs after the run's last stage). */
async function printedVersions(lessonId: string, count: number) {
  return until(`version ${count} to be printed`, async () => {
    const versions = await listReportVersions(lessonId);
    return versions.length === count && versions.every((v) => v.status === 'ready') ? versions : null;
  }, 120_000);
}

async function lessonRow(id: string) {
  const [row] = await getDb().select().from(lessons).where(eq(lessons.id, id));
  return row;
}

test('replacing a recording keeps the earlier run and its rows; the lesson moves to the new run only when it succeeds; the sweep deletes the superseded run after its retention', async () => {
  const first = await uploadLesson('Replaced', generateRecording(path.join(scratchDir(), 'first.mp4'), { seconds: 4 }));
  const worker = startWorker();
  assert.equal((await runEnded(first.runId)).status, 'succeeded');
  assert.equal((await lessonRow(first.lessonId)).currentRunId, first.runId);
  const [firstAsset] = await getDb().select().from(mediaAssets).where(eq(mediaAssets.id, first.mediaAssetId));
  const [v1] = await printedVersions(first.lessonId, 1);
  assert.deepEqual([v1.reason, v1.runId, v1.mediaAssetId], ['analysis', first.runId, first.mediaAssetId]);
  const v1Pdf = await buffer(getStorage().read(v1.pdfKey!));
  assert.ok(existsSync(getStorage().locate(firstAsset.playbackKey!)), 'the playable copy was made');

  // A new recording while no worker runs: the new run waits, the lesson still shows the first run.
  worker.process.kill('SIGKILL');
  await worker.exited;
  const second = await receiveUpload({ lessonId: first.lessonId, uploadedBy: first.ownerId, originalName: 'second.mp4', body: createReadStream(generateRecording(path.join(scratchDir(), 'second.mp4'), { seconds: 6 })) });
  assert.ok(second.accepted);
  let lesson = await lessonRow(first.lessonId);
  assert.equal(lesson.currentMediaId, second.mediaAssetId);
  assert.equal(lesson.currentRunId, first.runId, 'the first run is shown while the new one waits');
  assert.equal((await getRun(second.runId))?.status, 'queued');
  assert.equal((await listLessonSeconds(first.runId)).length, 4, 'the first run’s rows are kept');
  assert.equal(existsSync(getStorage().locate(firstAsset.storageKey)), false, 'the replaced recording itself is deleted');
  assert.ok(existsSync(getStorage().locate(firstAsset.posterKey!)), 'its poster stays with its run');
  assert.equal(existsSync(getStorage().locate(firstAsset.playbackKey!)), false, 'and so is its playable copy');

  startWorker();
  assert.equal((await runEnded(second.runId)).status, 'succeeded');
  lesson = await lessonRow(first.lessonId);
  assert.equal(lesson.currentRunId, second.runId, 'the lesson moved to the new run once it succeeded');
  assert.equal((await listLessonSeconds(first.runId)).length, 4, 'the earlier run’s per-second rows still exist');
  assert.equal((await listLessonSeconds(second.runId)).length, 6);
  assert.ok((await getRun(first.runId))?.supersededAt, 'the earlier run is superseded');
  const [v2] = await printedVersions(first.lessonId, 2);
  assert.deepEqual([v2.version, v2.reason, v2.runId], [2, 'recording-replaced', second.runId]);

  // A run that fails leaves the lesson on its current run.
  const [secondAsset] = await getDb().select().from(mediaAssets).where(eq(mediaAssets.id, second.mediaAssetId));
  await getStorage().delete(secondAsset.storageKey);
  const failing = await startRun({ lessonId: first.lessonId, mediaAssetId: second.mediaAssetId, requestedBy: first.ownerId });
  assert.equal((await runEnded(failing)).status, 'failed');
  lesson = await lessonRow(first.lessonId);
  assert.equal(lesson.currentRunId, second.runId, 'still the second run after a failed one');
  assert.equal(lesson.status, 'failed');

  // The sweep: nothing is old enough today; 31 days on, the superseded run and its recording's folder go, the current run stays.
  assert.deepEqual(await deleteSupersededRuns(), { runs: 0, recordings: 0 });
  const later = new Date(Date.now() + 31 * 24 * 3600 * 1000);
  const deleted = await deleteSupersededRuns(later);
  assert.equal(deleted.recordings, 1, 'the replaced recording, now used by no run');
  assert.equal(await getRun(first.runId), null);
  assert.equal((await listLessonSeconds(first.runId)).length, 0);
  assert.equal((await getDb().select().from(runAnalyses).where(eq(runAnalyses.runId, first.runId))).length, 0);
  assert.equal(existsSync(path.dirname(getStorage().locate(firstAsset.storageKey))), false, 'its folder is gone');
  assert.ok(await getRun(second.runId), 'the current run stays');
  assert.equal((await listLessonSeconds(second.runId)).length, 6);
  assert.ok(await getRun(failing), 'the failed run is kept (it was never superseded: no newer run succeeded)');
  assert.ok(readdirSync(path.dirname(getStorage().locate(secondAsset.storageKey))).includes('poster.jpg'));

  // Version 1 outlives its run and its recording: its snapshot and PDF are as they were.
  const [kept] = await getDb().select().from(reportVersions).where(eq(reportVersions.id, v1.id));
  assert.deepEqual([kept.status, kept.runId, kept.mediaAssetId], ['ready', null, null]);
  assert.equal((await readSnapshot(kept))?.run.id, first.runId, 'version 1 still shows the first run');
  assert.ok((await buffer(getStorage().read(kept.pdfKey!))).equals(v1Pdf), 'its PDF is unchanged');
});
