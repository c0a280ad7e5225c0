/**
 * npm run bench:run [-- --minutes 10 --workers 2]
 *
 * A whole analysis run as the product does it: a generated lesson (the
 * bench:video picture — a teacher and six students from the example face
 * photos — with RAVDESS speech as its sound track, cached in the OS temp dir)
 * is uploaded through receiveUpload into a scratch database, and N worker
 * processes take its stage jobs from the queue. Prints the run's wall time
 * from upload to finish, each stage job's start and end (so it shows which
 * stages ran side by side), and the load average. Needs ../shared/data.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { createReadStream, existsSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { asc, eq } from 'drizzle-orm';
import { benchLesson } from '@/test/face/lessonSpecs';
import { buildSyntheticLesson } from '@/test/face/syntheticLesson';
import { createScratchDatabase, freePort } from '@/test/helpers/postgres';
import { demoSchool, SHARED_DATA } from '@/test/helpers/fixtures';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
}

const minutes = Number(arg('minutes', '10'));
const workerCount = Number(arg('workers', '2'));
const durationS = minutes * 60;

/** The bench picture with RAVDESS speech (actors 1–4 in turn) under it, cut to the lesson's length. */
function buildLessonRecording(): string {
  const file = path.join(os.tmpdir(), `lessonlens-bench-run-${minutes}min.mp4`);
  if (existsSync(file)) return file;
  const video = buildSyntheticLesson(benchLesson(minutes));
  const clips = ['Actor_01', 'Actor_02', 'Actor_03', 'Actor_04'].flatMap((actor) =>
    readdirSync(path.join(SHARED_DATA, 'speech/ravdess', actor))
      .filter((f) => f.endsWith('.flac'))
      .map((f) => path.join(SHARED_DATA, 'speech/ravdess', actor, f)),
  );
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lessonlens-bench-run-'));
  const list = path.join(dir, 'list.txt');
  // About 3.7 s per clip: repeat the list until it covers the lesson.
  const repeats = Math.ceil(durationS / (clips.length * 3));
  writeFileSync(list, Array.from({ length: repeats }, () => clips.map((c) => `file '${c}'`)).flat().join('\n'));
  const partial = path.join(dir, 'lesson.mp4');
  execFileSync('ffmpeg', ['-nostdin', '-v', 'error', '-i', video, '-f', 'concat', '-safe', '0', '-i', list, '-map', '0:v', '-map', '1:a', '-t', String(durationS), '-c:v', 'copy', '-c:a', 'aac', '-ac', '1', partial]);
  renameSync(partial, file);
  rmSync(dir, { recursive: true, force: true });
  return file;
}

console.log(`Generating the ${minutes}-minute lesson (cached in ${os.tmpdir()}) …`);
const recording = buildLessonRecording();

const scratch = mkdtempSync(path.join(os.tmpdir(), 'lessonlens-bench-run-data-'));
const { startEmbeddedPostgres } = await import('@/lib/db/embedded');
const server = await startEmbeddedPostgres(scratch, await freePort());
process.env.DATABASE_URL = await createScratchDatabase(server.url.replace(/\/lessonlens$/, '/postgres'));
process.env.LESSONLENS_MEDIA_DIR = path.join(scratch, 'media');

const { migrateDatabase } = await import('@/lib/db/migrate');
const { closeDb, getDb } = await import('@/lib/db/client');
const { runStages } = await import('@/lib/db/schema');
const { getRun } = await import('@/lib/db/queries');
const { receiveUpload } = await import('@/lib/lessons/upload');
const { stopBoss } = await import('@/lib/jobs/queue');

await migrateDatabase();
const { owner, newLesson } = await demoSchool();
const lesson = await newLesson('Bench lesson');

const workers: ChildProcess[] = [];
try {
  const started = performance.now();
  const upload = await receiveUpload({ lessonId: lesson.id, uploadedBy: owner.id, originalName: 'lesson.mp4', body: createReadStream(recording) });
  if (!upload.accepted) throw new Error(upload.reason);
  const accepted = performance.now();
  for (let i = 0; i < workerCount; i++) workers.push(spawn(process.execPath, ['--import', 'tsx', 'workers/worker.ts'], { env: process.env, stdio: 'ignore' }));

  let run = await getRun(upload.runId);
  while (run && (run.status === 'queued' || run.status === 'running')) {
    await new Promise((r) => setTimeout(r, 250));
    run = await getRun(upload.runId);
  }
  const finished = performance.now();
  if (run?.status !== 'succeeded') throw new Error(`run ${run?.status}: ${run?.error}`);

  const stages = await getDb().select().from(runStages).where(eq(runStages.runId, upload.runId)).orderBy(asc(runStages.startedAt));
  const t0 = Math.min(...stages.map((s) => s.startedAt!.getTime()));
  console.log(`\n${workerCount} worker(s), ${minutes}-minute lesson; load average at the end ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} on ${os.cpus().length} cores`);
  console.log(`upload and probe ${((accepted - started) / 1000).toFixed(1)} s; run wall time from upload to finish ${((finished - accepted) / 1000).toFixed(1)} s (workers start and load models within it)`);
  console.log('stage jobs (seconds from the first stage start):');
  for (const s of stages) {
    const from = (s.startedAt!.getTime() - t0) / 1000;
    const to = (s.finishedAt!.getTime() - t0) / 1000;
    console.log(`  ${`${s.stage}#${s.chunk}`.padEnd(10)} ${from.toFixed(1).padStart(6)} → ${to.toFixed(1).padStart(6)} s  (${(to - from).toFixed(1)} s)`);
  }
} finally {
  for (const w of workers) w.kill('SIGKILL');
  await stopBoss();
  await closeDb();
  await server.stop();
  rmSync(scratch, { recursive: true, force: true });
}
