import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { config } from '../config';
import { withTransaction } from '../db/client';
import { analysisRuns, runStages } from '../db/schema';
import { analysisStageJob } from './definitions';
import type { StageName } from './pipeline';
import { sendJob } from './queue';
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

/**
 * Re-queues every running stage whose worker stopped renewing its lease: the
 * row goes back to queued and a new job is sent in the same transaction, so
 * a free worker picks it up at once. A stage that lost its worker more often
 * than the retry limit allows fails the run instead. Returns how many stages
 * were taken over.
 */
export async function takeOverStaleStages(): Promise<number> {
  const stale = await withTransaction(async (tx, client) => {
    const rows = await tx
      .select({ id: runStages.id, runId: runStages.runId, stage: runStages.stage, chunk: runStages.chunk, attempts: runStages.attempts })
      .from(runStages)
      .innerJoin(analysisRuns, eq(analysisRuns.id, runStages.runId))
      .where(
        and(
          eq(runStages.status, 'running'),
          sql`${runStages.heartbeatAt} < now() - make_interval(secs => ${config.stageLeaseSeconds})`,
          inArray(analysisRuns.status, [...ACTIVE_RUN_STATUSES]),
        ),
      )
      .for('update', { of: runStages, skipLocked: true });
    const exhausted: typeof rows = [];
    for (const row of rows) {
      if (row.attempts > config.stageRetryLimit) {
        exhausted.push(row);
        continue;
      }
      const job = { runId: row.runId, stage: row.stage as StageName, chunk: row.chunk };
      const jobId = await sendJob(analysisStageJob, job, { client });
      await tx.update(runStages).set({ status: 'queued', workerId: null, heartbeatAt: null, progress: 0, jobId }).where(eq(runStages.id, row.id));
      console.warn(`[lease] ${row.stage}#${row.chunk} of run ${row.runId}: its worker stopped renewing the lease; queued again`);
    }
    return { taken: rows.length - exhausted.length, exhausted };
  });
  for (const row of stale.exhausted) {
    const job = { runId: row.runId, stage: row.stage as StageName, chunk: row.chunk };
    await failStage(job, null, new Error(`the worker analysing it stopped ${row.attempts} times`), true);
  }
  return stale.taken;
}
