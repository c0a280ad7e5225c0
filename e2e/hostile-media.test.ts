import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { eq } from 'drizzle-orm';
import { getDb } from '../lib/db/client';
import { createLesson, getRun } from '../lib/db/queries';
import { analysisRuns, classes, mediaAssets, users } from '../lib/db/schema';
import { CANARY, generateHostileCorpus, type HostileMedia } from '../scripts/hostile-media';
import { scratchDir } from '../test/helpers/fixtures';
import { startApp, type RunningApp } from './helpers/app';
import { sessionCookie } from './helpers/http';
import { hasStrace, openedPaths, socketCalls, traceTools, type ToolRun } from './helpers/tool-trace';

/**
 * Every file of the hostile-media corpus (scripts/hostile-media.ts) goes
 * through the real upload route of a running app with a worker, its ffmpeg
 * and ffprobe traced: a refusal must come with a sentence and leave nothing
 * stored; an accepted file's analysis must finish, with notes where the
 * recording is not whole. No run may open a file outside the uploads or the
 * system's libraries, or touch a socket.
 */
const corpusDir = path.resolve('.data/hostile-media');
const trace = traceTools(scratchDir('lessonlens-tool-trace-'));

let corpus: HostileMedia[];
let app: RunningApp;
let mediaDir: string;
before(async () => {
  corpus = generateHostileCorpus(corpusDir);
  app = await startApp({ workers: 1, env: { PATH: `${trace.binDir}:${process.env.PATH}` } });
  mediaDir = path.join(app.dataDir, 'media');
});
after(async () => {
  await app?.stop();
});

type Outcome = { entry: HostileMedia; lessonId: string; status: number; body: { error?: string; runId?: string } };
const outcomes: Outcome[] = [];

test('each hostile file is refused with a sentence and nothing stored, or accepted and analysed to the end with honest notes', { timeout: 600_000 }, async () => {
  const db = getDb();
  const [teacher] = await db.select().from(users).where(eq(users.email, 'alex.chen@riverside.example'));
  const [cls] = await db.select().from(classes).where(eq(classes.teacherId, teacher.id));
  const cookie = (await sessionCookie(app.url, teacher.email))!;
  for (const entry of corpus) {
    const lesson = await createLesson({ schoolId: teacher.schoolId, classId: cls.id, teacherId: teacher.id, title: entry.file, taughtOn: '2026-11-30' });
    const response = await fetch(`${app.url}/api/lessons/${lesson.id}/media`, {
      method: 'PUT',
      headers: { Cookie: cookie, 'X-File-Name': encodeURIComponent(entry.uploadAs) },
      body: readFileSync(path.join(corpusDir, entry.file)),
    });
    outcomes.push({ entry, lessonId: lesson.id, status: response.status, body: (await response.json()) as Outcome['body'] });
  }

  const table: string[] = [];
  for (const { entry, lessonId, status, body } of outcomes) {
    if ('refused' in entry.expect) {
      assert.equal(status, 422, `${entry.file} is refused: ${JSON.stringify(body)}`);
      assert.match(body.error ?? '', entry.expect.refused, entry.file);
      assert.doesNotMatch(body.error ?? '', /\/|ffmpeg|ffprobe/i, `${entry.file}: a sentence, not a tool's words or a path`);
      assert.equal((await db.select().from(mediaAssets).where(eq(mediaAssets.lessonId, lessonId))).length, 0, `${entry.file}: no media row`);
      assert.equal((await db.select().from(analysisRuns).where(eq(analysisRuns.lessonId, lessonId))).length, 0, `${entry.file}: no run`);
      assert.equal(existsSync(path.join(mediaDir, 'lessons', lessonId)), false, `${entry.file}: nothing stored, not even an empty folder`);
      table.push(`${entry.file.padEnd(28)} refused   ${body.error}`);
    } else {
      assert.equal(status, 201, `${entry.file} is accepted: ${JSON.stringify(body)}`);
    }
  }

  for (const { entry, body } of outcomes.filter((o) => o.status === 201)) {
    const deadline = Date.now() + 240_000;
    let run = await getRun(body.runId!);
    while (run && (run.status === 'queued' || run.status === 'running') && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      run = await getRun(body.runId!);
    }
    assert.equal(run?.status, 'succeeded', `${entry.file}: the analysis finishes (${run?.status}: ${run?.error})`);
    const notes = run!.notes.join(' ');
    if ('accepted' in entry.expect && entry.expect.note) assert.match(notes, entry.expect.note, `${entry.file}: its note`);
    assert.doesNotMatch(notes, /\/(tmp|work|home|root)\b|ffmpeg|ffprobe/i, `${entry.file}: notes are sentences`);
    table.push(`${entry.file.padEnd(28)} analysed  ${notes || '(no notes)'}`);
  }
  console.log(`hostile media, ${corpus.length} files:\n${table.join('\n')}`);
});

const SYSTEM_PATHS = [/^\/etc\/ld\.so\./, /^\/(usr\/)?lib(64|32|x32)?\//, /^\/proc\//, /^\/sys\//, /^\/dev\/(null|urandom|shm\/)/, /^\/usr\/share\/(zoneinfo|locale|fonts)\//, /^\/etc\/localtime$/, /^\/etc\/gcrypt\//];

test('ffmpeg and ffprobe only ever read the uploads themselves (and their libraries), and touch no socket', () => {
  const runs: ToolRun[] = trace.runs();
  assert.ok(runs.length >= corpus.length, `every upload was looked at by the tools (${runs.length} runs)`);
  for (const run of runs) {
    const args = run.args;
    const input = args[args.indexOf('-i') + 1];
    if (input === 'pipe:0') {
      assert.deepEqual(args.slice(args.indexOf('-protocol_whitelist'), args.indexOf('-protocol_whitelist') + 2), ['-protocol_whitelist', 'pipe'], args.join(' '));
    } else {
      assert.deepEqual(args.slice(args.indexOf('-protocol_whitelist'), args.indexOf('-protocol_whitelist') + 2), ['-protocol_whitelist', 'file'], args.join(' '));
      assert.ok(input.startsWith(`file:${mediaDir}/lessons/`), `reads an upload only: ${input}`);
    }
    assert.ok(args.includes('-format_whitelist'), `an allowlist of containers: ${args.join(' ')}`);
    if (!run.trace) continue;
    for (const opened of openedPaths(run.trace)) {
      // The one other path a tool may open is the output file the worker named as its last argument (the playable copy).
      const ownOutput = opened === args[args.length - 1] && !opened.includes('..');
      const allowed = ownOutput || SYSTEM_PATHS.some((pattern) => pattern.test(opened)) || (opened.startsWith(`${mediaDir}/lessons/`) && !opened.includes('..'));
      assert.ok(allowed, `${run.tool} opened ${opened} (${args.join(' ')})`);
      assert.ok(!opened.endsWith(CANARY) && opened !== '/etc/passwd', `${run.tool} followed a reference to ${opened}`);
    }
    assert.deepEqual(socketCalls(run.trace), [], `${run.tool} made socket calls (${args.join(' ')})`);
  }
  const traced = runs.filter((run) => run.trace).length;
  console.log(hasStrace ? `${traced} of ${runs.length} tool runs traced with strace` : `strace is not installed: ${runs.length} tool runs checked by their arguments only`);
  assert.ok(!hasStrace || traced === runs.length, 'every run was traced');
  assert.equal(readdirSync(mediaDir, { recursive: true }).some((name) => String(name).endsWith('.partial')), false, 'no partial file is left');
});
