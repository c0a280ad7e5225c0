import assert from 'node:assert/strict';
import { test } from 'node:test';
import { z } from 'zod';

Object.assign(process.env, { QUEUE_MAINTENANCE_SECONDS: '1' });

const { defineJob, dispatchJob, handleJob, servedKinds } = await import('../../lib/jobs/registry');
const { JOB_DEFINITIONS, analysisStageJob, sweepSupersededRunsJob } = await import('../../lib/jobs/definitions');
const { getBoss, sendJob } = await import('../../lib/jobs/queue');
const { JOB_HANDLERS } = await import('../../workers/jobs');
const { useTestDatabase } = await import('../helpers/database');
const { startWorker, until } = await import('../helpers/workers');

useTestDatabase();

const context = { jobId: 'test-job', retryCount: 0, retryLimit: 0 };

/** Collects what console.error printed while `work` ran. */
async function errorsDuring(work: () => Promise<unknown>): Promise<string[]> {
  const printed: string[] = [];
  const original = console.error;
  console.error = (...args: unknown[]) => void printed.push(args.join(' '));
  try {
    await work();
  } finally {
    console.error = original;
  }
  return printed;
}

test('every defined job has exactly one handler, and a worker serves only the kinds it is given', () => {
  assert.deepEqual(JOB_HANDLERS.map((h) => h.definition.name).sort(), JOB_DEFINITIONS.map((d) => d.name).sort());
  assert.deepEqual([...servedKinds(undefined)].sort(), ['analysis', 'biometrics', 'maintenance', 'reports']);
  assert.deepEqual([...servedKinds(['analysis'])], ['analysis']);
  assert.throws(() => servedKinds(['analysis', 'video-blur']), /unknown job kinds: video-blur/);
  assert.ok(sweepSupersededRunsJob.schedule, 'the superseded-run sweep is scheduled');
});

test('an unknown job name or a malformed payload is refused and logged, not run; a valid one runs; a handler error propagates for a retry', async () => {
  const seen: unknown[] = [];
  const echo = handleJob(defineJob({ name: 'echo', kind: 'maintenance', payload: z.object({ n: z.int() }), policy: () => ({ retryLimit: 0, retryDelay: 1, retryBackoff: false, expireInSeconds: 60 }) }), async (p) => {
    if (p.n < 0) throw new Error('negative');
    seen.push(p);
  });
  const handlers = [echo];
  let result: unknown;
  let printed = await errorsDuring(async () => (result = await dispatchJob(handlers, 'no-such-job', { n: 1 }, context)));
  assert.deepEqual(result, { refused: 'no job is named "no-such-job"' });
  assert.match(printed.join('\n'), /refused job test-job: no job is named "no-such-job"/);

  printed = await errorsDuring(async () => (result = await dispatchJob(handlers, 'echo', { n: 'one' }, context)));
  assert.match((result as { refused: string }).refused, /^malformed echo payload: n /);
  assert.match(printed.join('\n'), /refused job test-job: malformed echo payload/);
  assert.deepEqual(seen, [], 'neither was handled');

  assert.deepEqual(await dispatchJob(handlers, 'echo', { n: 2 }, context), { done: true });
  assert.deepEqual(seen, [{ n: 2 }]);
  await assert.rejects(dispatchJob(handlers, 'echo', { n: -1 }, context), /negative/);
});

test('a sender cannot send a malformed payload', async () => {
  await assert.rejects(sendJob(analysisStageJob, { runId: 'not-a-uuid', stage: 'faces', chunk: 0 }), /runId/);
});

test('a real worker refuses a malformed job it is sent, keeps serving, and runs the next job', async () => {
  const boss = await getBoss();
  const worker = startWorker({ WORKER_JOB_KINDS: 'analysis,maintenance' });
  await until('the worker to serve its queues', async () => worker.log.some((l) => /serving analysis-stage, sweep-superseded-runs/.test(l)) || null, 60_000);
  const malformed = await boss.send(analysisStageJob.name, { runId: 'nope', stage: 'dance' });
  const sweep = await boss.send(sweepSupersededRunsJob.name, {});
  const done = await until('both jobs to complete', async () => {
    const [a, b] = await Promise.all([boss.getJobById(analysisStageJob.name, malformed!), boss.getJobById(sweepSupersededRunsJob.name, sweep!)]);
    return a?.state === 'completed' && b?.state === 'completed' ? [a, b] : null;
  }, 60_000);
  assert.match(JSON.stringify(done[0].output), /malformed analysis-stage payload/);
  assert.ok(worker.log.some((l) => /refused job .*malformed analysis-stage payload/.test(l)), 'the refusal is logged');
  assert.equal(worker.process.exitCode, null, 'the worker is still running');
  assert.ok(!worker.log.some((l) => /serving .*face-template/.test(l)), 'biometrics jobs are left to other workers');
});
