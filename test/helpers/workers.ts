import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { after } from 'node:test';
import { getRun } from '../../lib/db/queries';
import { receiveUpload } from '../../lib/lessons/upload';
import { demoSchool } from './fixtures';
import { until } from './until';

export { until };

/** A worker process of this test's database, with what it printed (one line per job start, stop, finish). */
export type TestWorker = { process: ChildProcess; log: string[]; exited: Promise<void> };

const started: TestWorker[] = [];
after(() => {
  for (const w of started) if (w.process.exitCode === null && w.process.signalCode === null) w.process.kill('SIGKILL');
});

export function startWorker(env: Record<string, string> = {}): TestWorker {
  const child = spawn(process.execPath, ['--import', 'tsx', 'workers/worker.ts'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const log: string[] = [];
  for (const stream of [child.stdout!, child.stderr!]) {
    stream.setEncoding('utf8');
    stream.on('data', (text: string) => log.push(...text.split('\n').filter(Boolean).map((line) => `${Date.now()} ${line}`)));
  }
  const worker = { process: child, log, exited: new Promise<void>((resolve) => child.once('exit', () => resolve())) };
  started.push(worker);
  return worker;
}

export async function killWorkers(): Promise<void> {
  for (const w of started) if (w.process.exitCode === null && w.process.signalCode === null) w.process.kill('SIGKILL');
  await Promise.all(started.map((w) => w.exited));
}

/** The time (ms since the epoch) a worker printed a line matching `pattern`, or null. */
export function loggedAt(worker: TestWorker, pattern: RegExp): number | null {
  const line = worker.log.find((l) => pattern.test(l));
  return line ? Number(line.slice(0, line.indexOf(' '))) : null;
}

/** A new lesson of the demo teacher with `file` uploaded through the real upload path (which starts its run). */
export async function uploadLesson(title: string, file: string) {
  const { owner, newLesson } = await demoSchool();
  const lesson = await newLesson(title);
  const result = await receiveUpload({ lessonId: lesson.id, uploadedBy: owner.id, originalName: path.basename(file), body: createReadStream(file) });
  assert.ok(result.accepted);
  return { lessonId: lesson.id, runId: result.runId, mediaAssetId: result.mediaAssetId, ownerId: owner.id };
}

export async function runEnded(runId: string, timeoutMs = 180_000) {
  return until('the run to end', async () => {
    const run = await getRun(runId);
    return run && run.status !== 'running' && run.status !== 'queued' ? run : null;
  }, timeoutMs);
}
