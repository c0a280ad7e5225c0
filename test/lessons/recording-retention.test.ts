import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { generateRecording, scratchDir } from '../helpers/fixtures';

Object.assign(process.env, { LESSONLENS_MEDIA_DIR: scratchDir('lessonlens-media-'), QUEUE_MAINTENANCE_SECONDS: '1' });

const { eq } = await import('drizzle-orm');
const { getDb } = await import('../../lib/db/client');
const { mediaAssets } = await import('../../lib/db/schema');
const { getLesson, getMediaAsset, getRun, listLessonSeconds, saveSchoolSettings } = await import('../../lib/db/queries');
const { rerunAnalysis } = await import('../../lib/actions/lessons');
const { deleteExpiredRecordings } = await import('../../lib/lessons/recording-retention');
const { lessonStatusView } = await import('../../lib/lessons/status');
const { listReportVersions } = await import('../../lib/reports/versions');
const { getStorage } = await import('../../lib/storage');
const { useTestDatabase } = await import('../helpers/database');
const { demoSchool } = await import('../helpers/fixtures');
const { runEnded, startWorker, until, uploadLesson } = await import('../helpers/workers');

useTestDatabase();

const DAY = 86_400_000;
const stored = (key: string | null) => !!key && existsSync(getStorage().locate(key));

test('the uploaded recording is deleted N days after its analysis finished, to the second; results, report versions and the playback copy stay and the lesson page says so', async () => {
  startWorker();
  const older = await uploadLesson('Older', generateRecording(path.join(scratchDir(), 'older.mp4'), { seconds: 3 }));
  const olderRun = await runEnded(older.runId);
  await new Promise((r) => setTimeout(r, 2100));
  const younger = await uploadLesson('Younger', generateRecording(path.join(scratchDir(), 'younger.mp4'), { seconds: 3 }));
  const youngerRun = await runEnded(younger.runId);
  assert.equal(olderRun.status, 'succeeded');
  assert.equal(youngerRun.status, 'succeeded');
  assert.ok(youngerRun.finishedAt!.getTime() - olderRun.finishedAt!.getTime() >= 2000);

  const olderAsset = (await getMediaAsset(older.mediaAssetId))!;
  assert.ok(stored(olderAsset.storageKey) && stored(olderAsset.audioTrackKey) && stored(olderAsset.posterKey) && stored(olderAsset.playbackKey));
  const [version] = await until('the report version to be printed', async () => {
    const versions = await listReportVersions(older.lessonId);
    return versions.length === 1 && versions[0].status === 'ready' ? versions : null;
  }, 120_000);
  const view = await lessonStatusView((await getLesson(older.lessonId))!);
  assert.equal(view.media?.deletesAt, new Date(olderRun.finishedAt!.getTime() + 30 * DAY).toISOString(), 'the page says when: 30 days (the default) after the analysis');
  assert.equal(view.media?.deletedAt, null);

  // A second before the younger lesson's 30 days are up: the older one (2 s older) goes, the younger stays.
  assert.equal(await deleteExpiredRecordings(new Date(youngerRun.finishedAt!.getTime() + 29 * DAY)), 0, 'nothing at 29 days');
  const sweepAt = new Date(youngerRun.finishedAt!.getTime() + 30 * DAY - 1000);
  assert.equal(await deleteExpiredRecordings(sweepAt), 1);
  const swept = (await getMediaAsset(older.mediaAssetId))!;
  assert.equal(stored(olderAsset.storageKey), false, 'the uploaded file is gone');
  assert.equal(stored(olderAsset.audioTrackKey), false, 'and the sound track taken from it');
  assert.equal(swept.audioTrackKey, null);
  assert.equal(swept.recordingDeletedAt?.toISOString(), sweepAt.toISOString());
  assert.ok(stored(olderAsset.posterKey), 'what was derived from it stays');
  assert.equal(swept.playbackKey, olderAsset.playbackKey);
  assert.ok(stored(olderAsset.playbackKey), 'the playback copy stays: the report plays it');
  const [keptVersion] = await listReportVersions(older.lessonId);
  assert.deepEqual([keptVersion.status, keptVersion.pdfSha256], ['ready', version.pdfSha256]);
  assert.ok(stored(keptVersion.pdfKey) && stored(keptVersion.snapshotKey), 'the report version’s PDF and snapshot stay');
  assert.equal((await listLessonSeconds(older.runId)).length, 3, 'the timelines stay');
  const youngerAsset = (await getMediaAsset(younger.mediaAssetId))!;
  assert.ok(stored(youngerAsset.storageKey), 'the younger lesson keeps its recording');
  assert.equal(youngerAsset.recordingDeletedAt, null);

  const after = await lessonStatusView((await getLesson(older.lessonId))!);
  assert.equal(after.media?.deletedAt, sweepAt.toISOString(), 'the page says it was deleted, and when');
  assert.equal(after.media?.deletesAt, null);
  const { owner } = await demoSchool();
  assert.match((await rerunAnalysis(owner, { lessonId: older.lessonId })).error!, /deleted under the school’s retention period/);

  // The school's own period, read at each sweep: 10 days.
  await saveSchoolSettings(owner.schoolId, { recordingRetentionDays: 10 });
  assert.equal(await deleteExpiredRecordings(new Date(youngerRun.finishedAt!.getTime() + 10 * DAY + 1000)), 1);
  assert.equal(stored(youngerAsset.storageKey), false);
  assert.equal(await deleteExpiredRecordings(new Date(Date.now() + 400 * DAY)), 0, 'a deleted recording is not swept twice');
  assert.equal((await getDb().select().from(mediaAssets).where(eq(mediaAssets.id, older.mediaAssetId))).length, 1, 'the recording’s row and facts stay');
  assert.ok(await getRun(older.runId));
});

test('a recording whose analysis is still running is never swept', async () => {
  const { owner } = await demoSchool();
  const lesson = await uploadLesson('Running', generateRecording(path.join(scratchDir(), 'running.mp4'), { seconds: 3 }));
  await runEnded(lesson.runId);
  const rerun = await rerunAnalysis(owner, { lessonId: lesson.lessonId });
  assert.ok(rerun.ok);
  await deleteExpiredRecordings(new Date(Date.now() + 400 * DAY));
  assert.equal((await getMediaAsset(lesson.mediaAssetId))!.recordingDeletedAt, null, 'its re-run is queued or running');
  await runEnded(rerun.id!);
  await deleteExpiredRecordings(new Date(Date.now() + 400 * DAY));
  assert.ok((await getMediaAsset(lesson.mediaAssetId))!.recordingDeletedAt, 'once it ended, it goes');
});
