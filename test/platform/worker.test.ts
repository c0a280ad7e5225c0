import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { before, test } from 'node:test';
import { generateRecording, scratchDir } from '../helpers/fixtures';

// A lease shorter than the long face stage below (which must still never run twice while its worker lives; half the
// production lease, as a two-core machine under heavy load can delay a renewal by seconds) and quick retries.
Object.assign(process.env, {
  LESSONLENS_MEDIA_DIR: scratchDir('lessonlens-media-'),
  STAGE_LEASE_SECONDS: '20',
  STAGE_RETRY_DELAY_SECONDS: '1',
  QUEUE_MAINTENANCE_SECONDS: '1',
});

const { and, eq, sql } = await import('drizzle-orm');
const { getDb } = await import('../../lib/db/client');
const { lessonPeople, lessonSeconds, mediaAssets, runAnalyses, runStages } = await import('../../lib/db/schema');
const { getLesson, getRun } = await import('../../lib/db/queries');
const { cancelRun, startRun } = await import('../../lib/jobs/runs');
const { sendJob } = await import('../../lib/jobs/queue');
const { analysisStageJob } = await import('../../lib/jobs/definitions');
const { lessonStatusView } = await import('../../lib/lessons/status');
const { getStorage } = await import('../../lib/storage');
const { useTestDatabase } = await import('../helpers/database');
const { killWorkers, loggedAt, runEnded, startWorker, until, uploadLesson } = await import('../helpers/workers');

useTestDatabase();

/** Two minutes at 960×540: the face stage reads 120 frames at full detector width, long enough to watch and to cut into. */
let twoMinutes: string;
/** Three minutes: its face stage must outlast the lease even on a quiet machine (two minutes took 18 s there). */
let threeMinutes: string;
before(() => {
  twoMinutes = generateRecording(path.join(scratchDir(), 'two-minutes.mp4'), { seconds: 120, size: '960x540' });
  threeMinutes = generateRecording(path.join(scratchDir(), 'three-minutes.mp4'), { seconds: 180, size: '960x540' });
});

const facesRow = (runId: string) =>
  getDb()
    .select()
    .from(runStages)
    .where(and(eq(runStages.runId, runId), eq(runStages.stage, 'faces')))
    .then((rows) => rows[0]);

/** The ffmpeg processes a worker has started and not yet reaped. */
function ffmpegChildren(pid: number): string[] {
  try {
    return execFileSync('ps', ['--ppid', String(pid), '-o', 'comm='], { encoding: 'utf8' }).split('\n').filter((c) => c.trim() === 'ffmpeg');
  } catch {
    return [];
  }
}

test('a failing stage is retried with backoff, then the run fails with a readable error', async () => {
  const { lessonId, runId, mediaAssetId } = await uploadLesson('Lost file', generateRecording(path.join(scratchDir(), 'short.mp4'), { seconds: 2 }));
  const [asset] = await getDb().select().from(mediaAssets).where(eq(mediaAssets.id, mediaAssetId));
  await getStorage().delete(asset.storageKey);
  startWorker();
  const failed = await until('the run to fail', async () => {
    const run = await getRun(runId);
    return run?.status === 'failed' ? run : null;
  }, 60_000);
  assert.match(failed.error ?? '', /^The stored recording can no longer be read\. The analysis has stopped; try “Run again”/);
  assert.equal(failed.attempts, 4, 'one try and three retries');
  assert.equal((await getLesson(lessonId))?.status, 'failed');
});

test('a cancelled run is not carried on by workers', async () => {
  await killWorkers();
  const { lessonId, runId } = await uploadLesson('Cancelled', generateRecording(path.join(scratchDir(), 'short.mp4'), { seconds: 2 }));
  assert.equal(await cancelRun(runId), true);
  startWorker();
  await new Promise((r) => setTimeout(r, 3000));
  const run = await getRun(runId);
  assert.equal(run?.status, 'cancelled');
  const stages = await getDb().select().from(runStages).where(eq(runStages.runId, runId));
  assert.deepEqual(stages.map((s) => [s.stage, s.status]), [['probe', 'cancelled']]);
  assert.equal((await getLesson(lessonId))?.status, 'cancelled');
  const [asset] = await getDb().select().from(mediaAssets).where(eq(mediaAssets.lessonId, lessonId));
  assert.equal(asset.posterKey, null);
  assert.equal(existsSync(getStorage().locate(asset.storageKey)), true, 'the recording itself is kept');
});

test('cancel during the face stage: the stage and its ffmpeg stop within 5 s, nothing half-written stays, and a re-run starts on the freed worker at once', async () => {
  await killWorkers();
  const { runId, mediaAssetId, lessonId, ownerId } = await uploadLesson('Cancel mid-faces', twoMinutes);
  const worker = startWorker();
  await until('the face stage to be a tenth done', async () => {
    const row = await facesRow(runId);
    return row?.status === 'running' && row.progress >= 0.1;
  }, 120_000, 50);

  const cancelledAt = Date.now();
  assert.equal(await cancelRun(runId), true);
  const rerun = await startRun({ lessonId, mediaAssetId, requestedBy: ownerId });
  const stoppedAt = await until('the worker to stop the stage', async () => loggedAt(worker, new RegExp(`stopped faces#0 of run ${runId}`)), 10_000, 20);
  assert.ok(stoppedAt - cancelledAt <= 5000, `the stage stopped ${stoppedAt - cancelledAt} ms after the cancel`);
  await until('its ffmpeg to be gone', async () => ffmpegChildren(worker.process.pid!).length === 0 || null, 5000, 50);

  const rerunProbe = await until('the re-run to start on the freed worker', async () => {
    const [row] = await getDb().select().from(runStages).where(and(eq(runStages.runId, rerun), eq(runStages.stage, 'probe')));
    return row?.startedAt ? row : null;
  }, 15_000, 50);
  assert.ok(rerunProbe.startedAt!.getTime() - cancelledAt <= 5000, `the re-run started ${rerunProbe.startedAt!.getTime() - cancelledAt} ms after the cancel`);
  console.log(`# cancel: stage stopped ${stoppedAt - cancelledAt} ms after the cancel; re-run started ${rerunProbe.startedAt!.getTime() - cancelledAt} ms after it`);

  const faces = await facesRow(runId);
  assert.equal(faces.status, 'cancelled');
  assert.equal(faces.output, null, 'no stage output');
  assert.equal((await getRun(runId))?.status, 'cancelled');
  for (const table of [lessonSeconds, lessonPeople, runAnalyses]) {
    const [{ n }] = await getDb().select({ n: sql<number>`count(*)::int` }).from(table).where(eq(table.runId, runId));
    assert.equal(n, 0, 'no result rows of the cancelled run');
  }
  await cancelRun(rerun);
});

test('a long face stage: progress rises in many steps with an estimate of the time left, and a duplicate job while its worker lives does nothing', async () => {
  await killWorkers();
  const { runId, lessonId } = await uploadLesson('Progress', threeMinutes);
  const first = startWorker();
  const second = startWorker();
  await until('the face stage to run', async () => (await facesRow(runId))?.status === 'running' || null, 120_000, 50);
  const holder = (await facesRow(runId)).workerId;
  // What pg-boss's expiry used to do to a long stage: send its job again while it runs.
  await sendJob(analysisStageJob, { runId, stage: 'faces', chunk: 0 });

  const seen: number[] = [];
  let eta: number | null = null;
  for (;;) {
    const [row, run] = await Promise.all([facesRow(runId), getRun(runId)]);
    if (row.status !== 'running') break;
    if (seen.at(-1) !== run!.progress) seen.push(run!.progress);
    const view = await lessonStatusView((await getLesson(lessonId))!);
    eta ??= view.run?.stages.find((s) => s.name === 'faces')?.secondsLeft ?? null;
    await new Promise((r) => setTimeout(r, 150));
  }
  const finished = await runEnded(runId);
  assert.equal(finished.status, 'succeeded', finished.error ?? '');
  assert.ok(seen.length >= 10, `progress took ${seen.length} distinct values during the face stage: ${seen.join(', ')}`);
  assert.deepEqual([...seen].sort((a, b) => a - b), seen, 'progress never goes back');
  assert.notEqual(eta, null, 'an estimate of the time left was shown');
  console.log(`# progress during the face stage: ${seen.join(' → ')} % (${seen.length} steps); first estimate ${eta} s left`);

  const faces = await facesRow(runId);
  const faceStageS = (faces.finishedAt!.getTime() - faces.startedAt!.getTime()) / 1000;
  assert.equal(faces.attempts, 1, `the face stage ran once and was not taken over; the workers said:\n${[...first.log, ...second.log].join('\n').slice(-4000)}`);
  assert.ok(faceStageS > Number(process.env.STAGE_LEASE_SECONDS), `the face stage (${faceStageS} s) outlasted its ${process.env.STAGE_LEASE_SECONDS}-s lease`);
  const skipped = [first, second].some((w) => loggedAt(w, new RegExp(`skip faces#0 of run ${runId}: held`)) !== null);
  assert.ok(skipped, 'the duplicate job found the stage held by a live worker and did nothing');
  assert.ok([first, second].every((w) => loggedAt(w, /queued again/) === null), 'no takeover while the worker lived');
  assert.ok(holder);
});

test('database connections dropped mid-stage: the worker stays up and the run still finishes', async () => {
  await killWorkers();
  const { runId } = await uploadLesson('Connection drop', generateRecording(path.join(scratchDir(), 'drop.mp4'), { seconds: 20 }));
  const worker = startWorker();
  await until('the face stage to run', async () => (await facesRow(runId))?.status === 'running' || null, 120_000, 50);
  const terminate = sql`select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`;
  await getDb().execute(terminate);
  await new Promise((r) => setTimeout(r, 1500));
  await getDb().execute(terminate).catch(() => undefined);
  const finished = await runEnded(runId).catch((error: Error) => {
    throw new Error(`${error.message}; the worker said:\n${worker.log.join('\n')}`);
  });
  assert.equal(finished.status, 'succeeded', finished.error ?? '');
  assert.equal(worker.process.exitCode, null, 'the worker is still running');
  assert.equal(worker.process.signalCode, null);
  const stages = await getDb().select().from(runStages).where(eq(runStages.runId, runId));
  assert.ok(stages.every((s) => s.status === 'done'));
});
