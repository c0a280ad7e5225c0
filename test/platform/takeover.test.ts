import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { before, test } from 'node:test';
import { generateRecording, scratchDir } from '../helpers/fixtures';

// Production lease settings (STAGE_LEASE_SECONDS unset: 40 s); quick retries and queue maintenance only.
Object.assign(process.env, { LESSONLENS_MEDIA_DIR: scratchDir('lessonlens-media-'), STAGE_RETRY_DELAY_SECONDS: '1', QUEUE_MAINTENANCE_SECONDS: '1' });

const { eq } = await import('drizzle-orm');
const { getDb } = await import('../../lib/db/client');
const { mediaAssets, runStages } = await import('../../lib/db/schema');
const { getLesson, getRun, listLessonSeconds } = await import('../../lib/db/queries');
const { getStorage } = await import('../../lib/storage');
const { useTestDatabase } = await import('../helpers/database');
const { killWorkers, runEnded, startWorker, until, uploadLesson } = await import('../helpers/workers');

useTestDatabase();

let recording: string;
before(() => {
  recording = generateRecording(path.join(scratchDir(), 'lesson.mp4'), { seconds: 20 });
});

let undisturbedMs = 0;

test('undisturbed: one worker analyses the 20 s lesson', async () => {
  const started = Date.now();
  const { runId } = await uploadLesson('Undisturbed', recording);
  startWorker();
  const run = await runEnded(runId);
  assert.equal(run.status, 'succeeded', run.error ?? '');
  undisturbedMs = Date.now() - started;
  await killWorkers();
});

test('a worker killed with SIGKILL mid-run: another worker takes the stage over within 60 s, finishes the run within the undisturbed time + 90 s, and each stage is stored once', async () => {
  assert.ok(undisturbedMs > 0, 'the undisturbed run finished first');
  const started = Date.now();
  const { lessonId, runId } = await uploadLesson('Killed mid-run', recording);
  const first = startWorker();
  // The face stage loads its models and reads every second of video: several seconds to cut into.
  const running = await until('the face stage to be running', async () => {
    const rows = await getDb().select().from(runStages).where(eq(runStages.runId, runId));
    return rows.find((r) => r.stage === 'faces' && r.status === 'running');
  }, 60_000, 20);
  first.process.kill('SIGKILL');
  await first.exited;
  const killedAt = Date.now();
  const atKill = await getRun(runId);
  assert.equal(atKill?.status, 'running', 'the run was cut off in the middle');

  startWorker();
  const takenOver = await until('another worker to take the face stage over', async () => {
    const [row] = await getDb().select().from(runStages).where(eq(runStages.id, running.id));
    return row.workerId && row.workerId !== running.workerId ? row : null;
  }, 90_000, 200);
  const takeoverMs = Date.now() - killedAt;
  assert.ok(takeoverMs <= 60_000, `taken over ${takeoverMs} ms after the kill`);
  assert.equal(takenOver.attempts, 2);

  const finished = await runEnded(runId);
  const totalMs = Date.now() - started;
  assert.equal(finished.status, 'succeeded', finished.error ?? '');
  assert.equal(finished.progress, 100);
  assert.ok(totalMs <= undisturbedMs + 90_000, `finished in ${totalMs} ms; undisturbed ${undisturbedMs} ms`);
  console.log(`# takeover ${takeoverMs} ms after the kill; run ${totalMs} ms (undisturbed ${undisturbedMs} ms)`);

  const stages = await getDb().select().from(runStages).where(eq(runStages.runId, runId));
  assert.deepEqual(stages.map((s) => s.stage).sort(), ['audio', 'faces', 'merge', 'playback', 'poster', 'probe', 'voices']);
  assert.ok(stages.every((s) => s.status === 'done'));
  assert.equal(stages.find((s) => s.stage === 'faces')?.attempts, 2, 'the interrupted stage ran again');
  assert.ok(stages.filter((s) => s.stage !== 'faces').every((s) => s.attempts === 1), 'the other stages ran once');

  const [asset] = await getDb().select().from(mediaAssets).where(eq(mediaAssets.lessonId, lessonId));
  const folder = path.dirname(getStorage().locate(asset.storageKey));
  assert.deepEqual(readdirSync(folder).sort(), ['audio-16k.wav', 'original.mp4', 'playback.mp4', 'poster.jpg'], 'no leftover partial files');
  assert.equal((await listLessonSeconds(runId)).length, 20, 'one row per second, written once');
  assert.equal((await getLesson(lessonId))?.status, 'ready');
});
