import assert from 'node:assert/strict';
import { test } from 'node:test';

// A short lease so a stale one can be made by moving a heartbeat back a few seconds.
process.env.STAGE_LEASE_SECONDS = '5';

const { and, eq, sql } = await import('drizzle-orm');
const { getDb } = await import('../../lib/db/client');
const { lessons, mediaAssets, reportVersions, runStages } = await import('../../lib/db/schema');
const { getRun } = await import('../../lib/db/queries');
const runs = await import('../../lib/jobs/runs');
const { takeOverStaleStages } = await import('../../lib/jobs/lease');
const { getBoss } = await import('../../lib/jobs/queue');
const { analysisStageJob, renderReportJob } = await import('../../lib/jobs/definitions');
const { useTestDatabase } = await import('../helpers/database');
const { demoSchool } = await import('../helpers/fixtures');

useTestDatabase();

type StageName = 'probe' | 'poster' | 'audio' | 'playback' | 'faces' | 'voices' | 'merge';
const A = 'worker-a';
const B = 'worker-b';

/** A lesson with a 650 s recording (picture and sound: two chunks per chunked stage), and a run of it. */
async function newRun(title = 'State machine') {
  const { owner, newLesson } = await demoSchool();
  const lesson = await newLesson(title);
  const [asset] = await getDb()
    .insert(mediaAssets)
    .values({
      lessonId: lesson.id, storageKey: `lessons/${lesson.id}/x/original.mp4`, originalName: 'x.mp4', sizeBytes: 1, sha256: 'x', durationSeconds: 650, container: 'mp4',
      video: { codec: 'h264', width: 640, height: 360, rotation: 0, displayWidth: 640, displayHeight: 360, frameRate: 25, variableFrameRate: false },
      audio: { codec: 'aac', sampleRate: 16000, channels: 1 }, uploadedBy: owner.id,
    })
    .returning();
  await getDb().update(lessons).set({ currentMediaId: asset.id }).where(eq(lessons.id, lesson.id));
  const runId = await runs.startRun({ lessonId: lesson.id, mediaAssetId: asset.id, requestedBy: owner.id });
  return { lessonId: lesson.id, runId, assetId: asset.id, ownerId: owner.id };
}

async function rowsOf(runId: string) {
  const rows = await getDb().select().from(runStages).where(eq(runStages.runId, runId));
  return rows.map((r) => `${r.stage}#${r.chunk}:${r.status}`).sort();
}

async function lessonOf(lessonId: string) {
  const [lesson] = await getDb().select().from(lessons).where(eq(lessons.id, lessonId));
  return lesson;
}

/** Claims and finishes a stage chunk as `worker` (its store writes a marker the test can look for). */
async function complete(runId: string, stage: StageName, chunk = 0, worker = A) {
  const claim = await runs.claimStage({ runId, stage, chunk }, worker, crypto.randomUUID());
  assert.ok(claim.claimed, `${stage}#${chunk} claimed (${!claim.claimed && claim.reason})`);
  return runs.finishStage({ runId, stage, chunk }, worker, { status: 'done', output: { stage, chunk } }, 10);
}

async function completeAll(runId: string) {
  await complete(runId, 'probe');
  for (const [stage, chunks] of [['poster', 1], ['audio', 1], ['playback', 1], ['faces', 2], ['voices', 2], ['merge', 1]] as const) {
    for (let chunk = 0; chunk < chunks; chunk++) await complete(runId, stage, chunk);
  }
}

test('a run starts queued at its first stage, with the job sent in the same transaction', async () => {
  const { runId, lessonId } = await newRun();
  assert.equal((await getRun(runId))?.status, 'queued');
  assert.equal((await lessonOf(lessonId)).status, 'processing');
  assert.deepEqual(await rowsOf(runId), ['probe#0:queued']);
  const [probe] = await getDb().select().from(runStages).where(eq(runStages.runId, runId));
  const job = await (await getBoss()).getJobById(analysisStageJob.name, probe.jobId!);
  assert.deepEqual(job?.data, { runId, stage: 'probe', chunk: 0 });
});

test('stages are queued when what they wait for has finished: faces beside the sound track and voices, merge after all', async () => {
  const { runId, lessonId } = await newRun();
  assert.equal(await complete(runId, 'probe'), true);
  assert.equal((await getRun(runId))?.status, 'running');
  assert.deepEqual(await rowsOf(runId), ['audio#0:queued', 'faces#0:queued', 'faces#1:queued', 'playback#0:queued', 'poster#0:queued', 'probe#0:done']);
  await complete(runId, 'audio');
  assert.ok((await rowsOf(runId)).includes('voices#1:queued'), 'voices wait only for the sound track');
  await complete(runId, 'faces', 0);
  await complete(runId, 'faces', 1);
  await complete(runId, 'voices', 0);
  await complete(runId, 'voices', 1);
  assert.ok(!(await rowsOf(runId)).some((r) => r.startsWith('merge')), 'merge waits for the poster too');
  await complete(runId, 'poster');
  assert.ok((await rowsOf(runId)).includes('merge#0:queued'));
  await complete(runId, 'merge');
  assert.equal((await getRun(runId))?.status, 'running', 'the playable copy is still being made');
  await complete(runId, 'playback');

  const run = (await getRun(runId))!;
  assert.equal(run.status, 'succeeded');
  assert.equal(run.progress, 100);
  const lesson = await lessonOf(lessonId);
  assert.equal(lesson.status, 'ready');
  assert.equal(lesson.currentRunId, runId);
  const chunks = await getDb().select().from(runStages).where(and(eq(runStages.runId, runId), sql`${runStages.stage} in ('faces', 'voices')`));
  assert.ok(chunks.every((c) => c.output === null), 'chunk outputs are dropped once the run succeeded');
});

test('a live worker’s stage is not claimed twice; a stale lease is taken over, and the old holder can no longer store', async () => {
  const { runId } = await newRun();
  const first = await runs.claimStage({ runId, stage: 'probe', chunk: 0 }, A, crypto.randomUUID());
  assert.ok(first.claimed);
  assert.deepEqual(await runs.claimStage({ runId, stage: 'probe', chunk: 0 }, B, crypto.randomUUID()), { claimed: false, reason: 'held' });
  assert.equal(await runs.renewLease(first.row.id, A), 'held');

  await getDb().update(runStages).set({ heartbeatAt: sql`now() - interval '10 seconds'` }).where(eq(runStages.id, first.row.id));
  const second = await runs.claimStage({ runId, stage: 'probe', chunk: 0 }, B, crypto.randomUUID());
  assert.ok(second.claimed, 'the stale stage is taken over');
  assert.equal(second.row.attempts, 2);
  assert.equal(await runs.renewLease(first.row.id, A), 'lost');
  assert.equal(await runs.finishStage({ runId, stage: 'probe', chunk: 0 }, A, { status: 'done', output: 'stale' }, 1), false);
  assert.equal(await runs.finishStage({ runId, stage: 'probe', chunk: 0 }, B, { status: 'done', output: 'fresh' }, 1), true);
  const [probe] = await getDb().select().from(runStages).where(and(eq(runStages.runId, runId), eq(runStages.stage, 'probe')));
  assert.equal(probe.output, 'fresh');
  assert.deepEqual(await runs.claimStage({ runId, stage: 'probe', chunk: 0 }, A, crypto.randomUUID()), { claimed: false, reason: 'finished' });
});

test('the takeover check re-queues a stage whose worker stopped renewing, with a new job', async () => {
  const { runId } = await newRun();
  const claim = await runs.claimStage({ runId, stage: 'probe', chunk: 0 }, A, crypto.randomUUID());
  assert.ok(claim.claimed);
  assert.equal(await takeOverStaleStages(), 0, 'a fresh lease is left alone');
  await getDb().update(runStages).set({ heartbeatAt: sql`now() - interval '10 seconds'` }).where(eq(runStages.id, claim.row.id));
  assert.equal(await takeOverStaleStages(), 1);
  const [row] = await getDb().select().from(runStages).where(eq(runStages.id, claim.row.id));
  assert.equal(row.status, 'queued');
  assert.equal(row.workerId, null);
  assert.notEqual(row.jobId, claim.row.jobId, 'a new job was sent');
  assert.ok(await (await getBoss()).getJobById(analysisStageJob.name, row.jobId!));
});

test('cancel during a running stage: the run, its open stages and the lesson say cancelled; the worker is told to stop and stores nothing', async () => {
  const { runId, lessonId } = await newRun();
  await complete(runId, 'probe');
  const faces = await runs.claimStage({ runId, stage: 'faces', chunk: 0 }, A, crypto.randomUUID());
  assert.ok(faces.claimed);
  assert.equal(await runs.cancelRun(runId), true);
  assert.equal((await getRun(runId))?.status, 'cancelled');
  assert.equal((await lessonOf(lessonId)).status, 'cancelled');
  assert.deepEqual(await rowsOf(runId), ['audio#0:cancelled', 'faces#0:cancelled', 'faces#1:cancelled', 'playback#0:cancelled', 'poster#0:cancelled', 'probe#0:done']);
  assert.equal(await runs.renewLease(faces.row.id, A), 'stopped');

  let stored = false;
  const finished = await runs.finishStage({ runId, stage: 'faces', chunk: 0 }, A, { status: 'done', output: {}, store: async () => void (stored = true) }, 1);
  assert.equal(finished, false);
  assert.equal(stored, false, 'the stage’s rows are not written');
  assert.equal(await runs.cancelRun(runId), false, 'a stopped run cannot be cancelled again');
  assert.deepEqual(await runs.claimStage({ runId, stage: 'faces', chunk: 1 }, B, crypto.randomUUID()), { claimed: false, reason: 'inactive' });
});

test('a failed attempt is retried; a failure after the last retry fails the run and stops its other stages', async () => {
  const { runId, lessonId } = await newRun();
  await complete(runId, 'probe');
  const claim = await runs.claimStage({ runId, stage: 'audio', chunk: 0 }, A, crypto.randomUUID());
  assert.ok(claim.claimed);
  await runs.failStage({ runId, stage: 'audio', chunk: 0 }, A, new Error('disk full'), false);
  let run = (await getRun(runId))!;
  assert.equal(run.status, 'running');
  assert.equal(run.error, '“Extracting the sound track” did not work on this recording. Trying again…', 'a sentence for the teacher; the detail stays in the stage row');
  assert.ok((await rowsOf(runId)).includes('audio#0:failed'));

  const retry = await runs.claimStage({ runId, stage: 'audio', chunk: 0 }, B, crypto.randomUUID());
  assert.ok(retry.claimed, 'the retry takes the failed stage');
  assert.equal(retry.row.attempts, 2);
  await runs.failStage({ runId, stage: 'audio', chunk: 0 }, B, new Error('disk full'), true);
  run = (await getRun(runId))!;
  assert.equal(run.status, 'failed');
  assert.equal(run.error, '“Extracting the sound track” did not work on this recording. The analysis has stopped; try “Run again”, and if it stops again the recording may be damaged.');
  assert.equal(run.attempts, 2);
  assert.equal((await lessonOf(lessonId)).status, 'failed');
  assert.deepEqual(await rowsOf(runId), ['audio#0:failed', 'faces#0:cancelled', 'faces#1:cancelled', 'playback#0:cancelled', 'poster#0:cancelled', 'probe#0:done']);
});

test('a lesson shows its latest successful run: a newer run takes over only when it succeeds, and the older one is superseded', async () => {
  const first = await newRun('Current run');
  await completeAll(first.runId);
  assert.equal((await lessonOf(first.lessonId)).currentRunId, first.runId);

  const second = await runs.startRun({ lessonId: first.lessonId, mediaAssetId: first.assetId, requestedBy: first.ownerId });
  assert.equal((await lessonOf(first.lessonId)).currentRunId, first.runId, 'still the first while the second is queued');
  assert.equal((await lessonOf(first.lessonId)).status, 'processing');
  await completeAll(second);
  const lesson = await lessonOf(first.lessonId);
  assert.equal(lesson.currentRunId, second);
  assert.ok((await getRun(first.runId))?.supersededAt, 'the first run is superseded (kept until its retention ends)');

  const third = await runs.startRun({ lessonId: first.lessonId, mediaAssetId: first.assetId, requestedBy: first.ownerId });
  await complete(third, 'probe');
  const claim = await runs.claimStage({ runId: third, stage: 'poster', chunk: 0 }, A, crypto.randomUUID());
  assert.ok(claim.claimed);
  await runs.failStage({ runId: third, stage: 'poster', chunk: 0 }, A, new Error('broken'), true);
  assert.equal((await lessonOf(first.lessonId)).currentRunId, second, 'a failed run leaves the current one');
  assert.equal((await lessonOf(first.lessonId)).status, 'failed');
  assert.equal((await getRun(second))?.supersededAt, null);
});

test('progress is the weighted share of stage work, and never goes back', async () => {
  const { runId } = await newRun();
  await complete(runId, 'probe');
  const faces = await runs.claimStage({ runId, stage: 'faces', chunk: 0 }, A, crypto.randomUUID());
  assert.ok(faces.claimed);
  await runs.reportProgress(faces.row, A, 0.5);
  // probe 2 of 108, faces 64 × (0.5 + 0) / 2 chunks = 16 → 18/108 → 16 %.
  assert.equal((await getRun(runId))?.progress, 16);
  await runs.reportProgress(faces.row, A, 0.25);
  assert.equal((await getRun(runId))?.progress, 16, 'a lower report does not move it back');
});

test('a waiting stage whose job ended without running it (its worker lost the database while claiming) is queued again', async () => {
  const { runId } = await newRun();
  const [probe] = await getDb().select().from(runStages).where(eq(runStages.runId, runId));
  const boss = await getBoss();
  // Taken by a worker (active), then finished by pg-boss without the stage ever being claimed.
  const taken = await boss.fetch(analysisStageJob.name, { batchSize: 500 });
  assert.ok(taken?.some((j) => j.id === probe.jobId));
  await boss.complete(analysisStageJob.name, probe.jobId!);
  assert.ok((await takeOverStaleStages()) >= 1);
  const [again] = await getDb().select().from(runStages).where(eq(runStages.id, probe.id));
  assert.equal(again.status, 'queued');
  assert.notEqual(again.jobId, probe.jobId, 'a new job was sent');
  assert.equal((await boss.getJobById(analysisStageJob.name, again.jobId!))?.state, 'created');
});

test('each run that becomes the lesson’s current one reserves a report version with its print job, for the right reason; a run overtaken by a newer one makes none', async () => {
  const first = await newRun('Versions');
  const versionsOf = () => getDb().select().from(reportVersions).where(eq(reportVersions.lessonId, first.lessonId)).orderBy(reportVersions.version);
  await completeAll(first.runId);
  const [v1] = await versionsOf();
  assert.deepEqual([v1.version, v1.reason, v1.status, v1.runId, v1.mediaAssetId], [1, 'analysis', 'rendering', first.runId, first.assetId]);
  const jobs = await (await getBoss()).fetch<{ versionId: string }>(renderReportJob.name, { batchSize: 100 });
  assert.ok(jobs?.some((j) => j.data.versionId === v1.id), 'its print job was sent with it');

  const rerun = await runs.startRun({ lessonId: first.lessonId, mediaAssetId: first.assetId, requestedBy: first.ownerId });
  await completeAll(rerun);

  // A new recording: the run of the old one that is still going finishes after the new one, and is superseded at once.
  const late = await runs.startRun({ lessonId: first.lessonId, mediaAssetId: first.assetId, requestedBy: first.ownerId });
  const [asset] = await getDb().select().from(mediaAssets).where(eq(mediaAssets.id, first.assetId));
  const { id: _, ...copy } = asset;
  const [replacement] = await getDb().insert(mediaAssets).values({ ...copy, storageKey: `lessons/${first.lessonId}/y/original.mp4` }).returning();
  await getDb().update(mediaAssets).set({ replacedAt: new Date() }).where(eq(mediaAssets.id, first.assetId));
  await getDb().update(lessons).set({ currentMediaId: replacement.id }).where(eq(lessons.id, first.lessonId));
  const replaced = await runs.startRun({ lessonId: first.lessonId, mediaAssetId: replacement.id, requestedBy: first.ownerId });
  await completeAll(replaced);
  await completeAll(late);
  assert.equal((await lessonOf(first.lessonId)).currentRunId, replaced);

  assert.deepEqual(
    (await versionsOf()).map((v) => [v.version, v.reason, v.runId]),
    [
      [1, 'analysis', first.runId],
      [2, 'rerun', rerun],
      [3, 'recording-replaced', replaced],
    ],
  );
});
