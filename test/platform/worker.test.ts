import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createReadStream, existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { generateRecording, scratchDir } from '../helpers/fixtures';

// Short expiry and retry delays so a killed worker's job comes back within seconds
// (the expiry still has to exceed how long a stage of these short recordings takes).
Object.assign(process.env, {
  LESSONLENS_MEDIA_DIR: scratchDir('lessonlens-media-'),
  STAGE_EXPIRE_SECONDS: '20',
  STAGE_RETRY_DELAY_SECONDS: '1',
  QUEUE_MAINTENANCE_SECONDS: '1',
});

const { eq } = await import('drizzle-orm');
const { getDb } = await import('../../lib/db/client');
const { mediaAssets, runStages } = await import('../../lib/db/schema');
const { getLesson, getRun, listLessonSeconds } = await import('../../lib/db/queries');
const { receiveUpload } = await import('../../lib/lessons/upload');
const { cancelRun } = await import('../../lib/jobs/runs');
const { getStorage } = await import('../../lib/storage');
const { useTestDatabase } = await import('../helpers/database');
const { demoSchool } = await import('../helpers/fixtures');

useTestDatabase();

const workers: ChildProcess[] = [];
function startWorker(): ChildProcess {
  const worker = spawn(process.execPath, ['--import', 'tsx', 'workers/worker.ts'], { env: process.env, stdio: 'ignore' });
  workers.push(worker);
  return worker;
}
after(() => {
  for (const w of workers) if (w.exitCode === null && w.signalCode === null) w.kill('SIGKILL');
});

async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 60_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

let recording: string;
before(() => {
  recording = generateRecording(path.join(scratchDir(), 'lesson.mp4'), { seconds: 20 });
});

async function upload(title: string, file: string) {
  const { owner, newLesson } = await demoSchool();
  const lesson = await newLesson(title);
  const result = await receiveUpload({ lessonId: lesson.id, uploadedBy: owner.id, originalName: path.basename(file), body: createReadStream(file) });
  assert.ok(result.accepted);
  return { lessonId: lesson.id, runId: result.runId, mediaAssetId: result.mediaAssetId };
}

test('a worker killed with SIGKILL mid-run: another worker finishes the run, and each stage is stored once', async () => {
  const { lessonId, runId } = await upload('Killed mid-run', recording);
  const first = startWorker();
  // The face stage loads its models and reads every second of video: several seconds to cut into.
  await until('the face stage to be running', async () => {
    const [row] = await getDb().select().from(runStages).where(eq(runStages.runId, runId)).then((rows) => rows.filter((r) => r.stage === 'faces' && r.status === 'running'));
    return row;
  }, 60_000, 20);
  first.kill('SIGKILL');
  await new Promise((r) => first.once('exit', r));
  const atKill = await getRun(runId);
  assert.equal(atKill?.status, 'running', 'the run was cut off in the middle');

  startWorker();
  const finished = await until('the run to finish', async () => {
    const run = await getRun(runId);
    return run && run.status !== 'running' && run.status !== 'queued' ? run : null;
  }, 180_000);
  assert.equal(finished.status, 'succeeded', finished.error ?? '');
  assert.equal(finished.progress, 100);

  const stages = await getDb().select().from(runStages).where(eq(runStages.runId, runId));
  assert.deepEqual(stages.map((s) => s.stage).sort(), ['audio', 'faces', 'merge', 'poster', 'probe', 'voices']);
  assert.ok(stages.every((s) => s.status === 'done'));
  assert.equal(stages.find((s) => s.stage === 'faces')?.attempts, 2, 'the interrupted stage ran again');
  assert.equal(stages.find((s) => s.stage === 'probe')?.attempts, 1, 'finished stages did not run again');

  const [asset] = await getDb().select().from(mediaAssets).where(eq(mediaAssets.lessonId, lessonId));
  const folder = path.dirname(getStorage().locate(asset.storageKey));
  assert.deepEqual(readdirSync(folder).sort(), ['audio-16k.wav', 'original.mp4', 'poster.jpg'], 'no leftover partial files');
  assert.equal((await listLessonSeconds(runId)).length, 20, 'one row per second, written once');
  assert.equal((await getLesson(lessonId))?.status, 'ready');
});

test('a failing stage is retried with backoff, then the run fails with a readable error', async () => {
  const { lessonId, runId, mediaAssetId } = await upload('Lost file', generateRecording(path.join(scratchDir(), 'short.mp4'), { seconds: 2 }));
  const [asset] = await getDb().select().from(mediaAssets).where(eq(mediaAssets.id, mediaAssetId));
  await getStorage().delete(asset.storageKey);
  startWorker();
  const failed = await until('the run to fail', async () => {
    const run = await getRun(runId);
    return run?.status === 'failed' ? run : null;
  }, 60_000);
  assert.match(failed.error ?? '', /probe failed after retries: The stored recording can no longer be read/);
  assert.equal(failed.attempts, 4, 'one try and three retries');
  assert.equal((await getLesson(lessonId))?.status, 'failed');
});

test('a cancelled run is not carried on by workers', async () => {
  for (const w of workers) if (w.exitCode === null) w.kill('SIGKILL');
  const { lessonId, runId } = await upload('Cancelled', generateRecording(path.join(scratchDir(), 'short.mp4'), { seconds: 2 }));
  assert.equal(await cancelRun(runId), true);
  startWorker();
  await new Promise((r) => setTimeout(r, 3000));
  const run = await getRun(runId);
  assert.equal(run?.status, 'cancelled');
  const stages = await getDb().select().from(runStages).where(eq(runStages.runId, runId));
  assert.deepEqual(stages.map((s) => [s.stage, s.status]), [['probe', 'queued']]);
  assert.equal((await getLesson(lessonId))?.status, 'cancelled');
  const [asset] = await getDb().select().from(mediaAssets).where(eq(mediaAssets.lessonId, lessonId));
  assert.equal(asset.posterKey, null);
  assert.equal(existsSync(getStorage().locate(asset.storageKey)), true, 'the recording itself is kept');
});
