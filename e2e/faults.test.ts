import assert from 'node:assert/strict';
import { execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { eq } from 'drizzle-orm';
import pg from 'pg';
import { getDb } from '../lib/db/client';
import { createLesson, getRun } from '../lib/db/queries';
import { classes, runStages, users } from '../lib/db/schema';
import { generateRecording, scratchDir } from '../test/helpers/fixtures';
import { until } from '../test/helpers/until';
import { startApp, type RunningApp } from './helpers/app';
import { sessionCookie } from './helpers/http';

/**
 * Accidents a school meets in its first week: a teacher closes the tab
 * mid-upload (after posting a face photo: once that loaded TF.js into the web
 * server, whose runtime turned the abort into a crash), the database drops
 * its connections mid-analysis or is away for a moment. No process may exit, nothing may be left half-written, and the
 * analysis must still finish.
 */
let app: RunningApp;
let worker: ChildProcess;
let cookie: string;
before(async () => {
  app = await startApp({ workers: 0, env: { STAGE_RETRY_DELAY_SECONDS: '1', STAGE_EXPIRE_SECONDS: '120' } });
  worker = app.startWorker();
  cookie = (await sessionCookie(app.url, 'alex.chen@riverside.example'))!;
});
after(async () => {
  await app?.stop();
});

async function newLesson(title: string): Promise<string> {
  const [teacher] = await getDb().select().from(users).where(eq(users.email, 'alex.chen@riverside.example'));
  const [cls] = await getDb().select().from(classes).where(eq(classes.teacherId, teacher.id));
  return (await createLesson({ schoolId: teacher.schoolId, classId: cls.id, teacherId: teacher.id, title, taughtOn: '2026-11-30' })).id;
}

const openDescriptors = (pid: number) => readdirSync(`/proc/${pid}/fd`).length;
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

test('uploads aborted mid-stream after a face-photo post: the server stays up, no .partial, no descriptor left open', async () => {
  const photo = path.join(scratchDir(), 'wall.png');
  execFileSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'color=c=gray:s=400x300', '-frames:v', '1', photo]);
  const form = new FormData();
  form.append('photos', new Blob([readFileSync(photo)]), 'wall.png');
  const enrolled = await fetch(`${app.url}/api/profile/face-photos`, { method: 'POST', headers: { Cookie: cookie }, body: form });
  assert.equal(enrolled.status, 201, 'the photo is taken (a worker job reads it)');
  await (await fetch(`${app.url}/signin`)).text();
  const baseline = openDescriptors(app.webPid);

  const lessonId = await newLesson('Aborted upload');
  const url = new URL(`${app.url}/api/lessons/${lessonId}/media`);
  for (let i = 0; i < 3; i++) {
    await new Promise<void>((resolve) => {
      const request = http.request({ host: url.hostname, port: url.port, path: url.pathname, method: 'PUT', headers: { Cookie: cookie, 'Content-Length': String(200 * 1024 * 1024), 'X-File-Name': 'lesson.mp4' } });
      request.on('error', () => resolve());
      request.write(Buffer.alloc(8 * 1024 * 1024), () => setTimeout(() => (request.destroy(), resolve()), 300));
    });
  }
  assert.equal((await fetch(`${app.url}/signin`)).status, 200, 'the web server answers');
  assert.ok(alive(app.webPid), 'the web server did not exit');
  const media = path.join(app.dataDir, 'media');
  await until('the aborted uploads to be cleaned up', async () => !existsSync(path.join(media, 'lessons', lessonId)), 10_000);
  assert.equal(readdirSync(media, { recursive: true }).some((name) => String(name).endsWith('.partial')), false, 'no .partial anywhere');
  await until('the open descriptors to be back to their number before', async () => openDescriptors(app.webPid) <= baseline, 10_000);
});

test('terminated database connections mid-stage and a database away for a moment: no process exits, the run finishes, pages come back', { timeout: 300_000 }, async () => {
  const recording = generateRecording(path.join(scratchDir(), 'lesson.mp4'), { seconds: 8 });
  const lessonId = await newLesson('Database blips');
  const response = await fetch(`${app.url}/api/lessons/${lessonId}/media`, { method: 'PUT', headers: { Cookie: cookie, 'X-File-Name': 'lesson.mp4' }, body: readFileSync(recording) });
  assert.equal(response.status, 201);
  const { runId } = (await response.json()) as { runId: string };
  await until('the face stage to be running', async () => (await getDb().select().from(runStages).where(eq(runStages.runId, runId))).some((s) => s.stage === 'faces' && s.status === 'running'), 120_000);

  // Every connection to this database (the web server's, the worker's, pg-boss's, this test's) is cut.
  const database = new URL(app.env.DATABASE_URL!).pathname.slice(1);
  const admin = new pg.Client({ connectionString: app.env.DATABASE_URL!.replace(/\/[^/]+$/, '/postgres') });
  await admin.connect();
  try {
    const terminate = () => admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [database]);
    const { rowCount } = await terminate();
    assert.ok((rowCount ?? 0) > 0, 'connections were cut');

    const finished = await until('the run to finish', async () => {
      const run = await getRun(runId);
      return run && (run.status === 'succeeded' || run.status === 'failed') ? run : null;
    }, 240_000);
    assert.equal(finished.status, 'succeeded', finished.error ?? '');
    assert.equal(worker.exitCode, null, 'the worker did not exit');
    assert.ok(alive(app.webPid), 'the web server did not exit');

    // The database refuses connections for a few seconds.
    await admin.query(`alter database "${database}" allow_connections false`);
    await terminate();
    try {
      assert.equal((await fetch(`${app.url}/signin`)).status, 200, 'a page that needs no database is served');
      const away = await fetch(`${app.url}/dashboard`, { headers: { Cookie: cookie } });
      assert.ok(away.status >= 500, `a page that needs it cannot be (${away.status})`);
      await new Promise((r) => setTimeout(r, 2000));
    } finally {
      await admin.query(`alter database "${database}" allow_connections true`);
    }
    await until('the dashboard to come back', async () => (await fetch(`${app.url}/dashboard`, { headers: { Cookie: cookie } })).status === 200, 30_000);
    assert.equal(worker.exitCode, null, 'the worker did not exit');
    assert.ok(alive(app.webPid), 'the web server did not exit');
  } finally {
    await admin.end();
  }
});
