import { and, eq, inArray } from 'drizzle-orm';
import { getDb, withTransaction, type Database } from '../db/client';
import { analysisRuns, lessons, runStages } from '../db/schema';
import type pg from 'pg';
import { PIPELINE } from './pipeline';
import { sendStageJob, type StageJob } from './queue';

/**
 * Queues a stage job unless that stage/chunk already has a row: the row and the
 * job commit together, so a stage is queued at most once per run.
 */
export async function queueStage(tx: Database, client: pg.PoolClient, job: StageJob): Promise<boolean> {
  const inserted = await tx
    .insert(runStages)
    .values({ runId: job.runId, stage: job.stage, chunk: job.chunk, status: 'queued' })
    .onConflictDoNothing()
    .returning({ id: runStages.id });
  if (inserted.length === 0) return false;
  await sendStageJob(client, job);
  return true;
}

/** A new analysis run of the lesson's media, queued at its first stage. */
export async function startRun(values: { lessonId: string; mediaAssetId: string; requestedBy: string }): Promise<string> {
  return withTransaction(async (tx, client) => {
    const [run] = await tx.insert(analysisRuns).values(values).returning({ id: analysisRuns.id });
    await tx.update(lessons).set({ status: 'processing', updatedAt: new Date() }).where(eq(lessons.id, values.lessonId));
    await queueStage(tx, client, { runId: run.id, stage: PIPELINE[0].name, chunk: 0 });
    return run.id;
  });
}

export const ACTIVE_RUN_STATUSES = ['queued', 'running'] as const;

/** Stops a queued or running run; workers see the status and drop its remaining jobs. */
export async function cancelRun(runId: string): Promise<boolean> {
  const db = getDb();
  const [run] = await db
    .update(analysisRuns)
    .set({ status: 'cancelled', finishedAt: new Date(), error: null })
    .where(and(eq(analysisRuns.id, runId), inArray(analysisRuns.status, [...ACTIVE_RUN_STATUSES])))
    .returning({ lessonId: analysisRuns.lessonId });
  if (!run) return false;
  await db.update(lessons).set({ status: 'cancelled', updatedAt: new Date() }).where(eq(lessons.id, run.lessonId));
  return true;
}
