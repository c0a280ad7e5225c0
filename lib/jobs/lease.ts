import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { and, eq, inArray, or, sql } from 'drizzle-orm';
import { config } from '../config';
import { withTransaction } from '../db/client';
import { analysisRuns, runStages } from '../db/schema';
import { analysisStageJob } from './definitions';
import type { StageName } from './pipeline';
import { getBoss, sendJob } from './queue';
import { ACTIVE_RUN_STATUSES, failStage } from './runs';

/**
 * Stage leases. pg-boss 10 has no heartbeat: its expiry either comes late for
 * a dead worker or hands a slow, live stage to a second worker. So a worker
 * that claims a stage holds a lease on its row (worker id + heartbeat) and
 * renews it every second while the stage runs; any worker takes over a stage
 * whose heartbeat is older than STAGE_LEASE_SECONDS, and a job that arrives
 * for a stage a live worker holds does nothing.
 */

/** This process's identity in leases: host, pid and a random part (pids repeat across machines and restarts). */
export const WORKER_ID = `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

/** How often a running stage renews its lease and checks whether its run was cancelled. */
export const HEARTBEAT_MS = 1000;

/** How often every worker looks for stages whose worker died. */
export const TAKEOVER_CHECK_MS = 5000;

type StageRow = { id: string; runId: string; stage: string; chunk: number; status: string; attempts: number; jobId: string | null; heartbeatAt: Date | null };

/**
 * Whether a waiting stage (queued, or failed and waiting for its retry) will
 * never be run by its job: the job is gone or finished, or a worker took it
 * longer than a lease ago without claiming the stage (it died in between, or
 * lost its database connection while claiming, so pg-boss never heard back).
 */
async function orphaned(row: StageRow): Promise<boolean> {
  if (!row.jobId) return true;
  const job = await (await getBoss()).getJobById(analysisStageJob.name, row.jobId);
  if (!job || job.state === 'completed' || job.state === 'failed' || job.state === 'cancelled') return true;
  return job.state === 'active' && !!job.startedOn && Date.now() - new Date(job.startedOn).getTime() > config.stageLeaseSeconds * 1000;
}

/**
 * Re-queues every stage of an active run that no worker will finish: running
 * ones whose worker stopped renewing its lease, and waiting ones whose job
 * will never run them. The row goes back to queued and a new job is sent in
 * the same transaction, so a free worker picks it up at once. A stage that
 * lost its worker more often than the retry limit allows fails the run
 * instead. Returns how many stages were taken over.
 */
export async function takeOverStaleStages(): Promise<number> {
  const leaseExpired = sql`${runStages.heartbeatAt} < now() - make_interval(secs => ${config.stageLeaseSeconds})`;
  const outcome = await withTransaction(async (tx, client) => {
    const candidates: StageRow[] = await tx
      .select({ id: runStages.id, runId: runStages.runId, stage: runStages.stage, chunk: runStages.chunk, status: runStages.status, attempts: runStages.attempts, jobId: runStages.jobId, heartbeatAt: runStages.heartbeatAt })
      .from(runStages)
      .innerJoin(analysisRuns, eq(analysisRuns.id, runStages.runId))
      .where(and(inArray(analysisRuns.status, [...ACTIVE_RUN_STATUSES]), or(and(eq(runStages.status, 'running'), leaseExpired), inArray(runStages.status, ['queued', 'failed']))))
      .for('update', { of: runStages, skipLocked: true });
    const stale: StageRow[] = [];
    for (const row of candidates) if (row.status === 'running' || (await orphaned(row))) stale.push(row);
    const exhausted: StageRow[] = [];
    for (const row of stale) {
      if (row.attempts > config.stageRetryLimit) {
        exhausted.push(row);
        continue;
      }
      const jobId = await sendJob(analysisStageJob, { runId: row.runId, stage: row.stage as StageName, chunk: row.chunk }, { client });
      await tx.update(runStages).set({ status: 'queued', workerId: null, heartbeatAt: null, progress: 0, jobId }).where(eq(runStages.id, row.id));
      const why = row.status === 'running' ? 'its worker stopped renewing the lease' : 'its job will not run it';
      console.warn(`[lease] ${row.stage}#${row.chunk} of run ${row.runId}: ${why}; queued again`);
    }
    return { taken: stale.length - exhausted.length, exhausted };
  });
  for (const row of outcome.exhausted) {
    await failStage({ runId: row.runId, stage: row.stage as StageName, chunk: row.chunk }, null, new Error(`the worker analysing it stopped ${row.attempts} times`), true);
  }
  return outcome.taken;
}
