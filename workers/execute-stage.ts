import { and, eq, notInArray, sql } from 'drizzle-orm';
import { getDb, withTransaction } from '../lib/db/client';
import { analysisRuns, lessons, mediaAssets, runStages } from '../lib/db/schema';
import { nextStage, overallProgress, PIPELINE, type StageName } from '../lib/jobs/pipeline';
import type { StageJob } from '../lib/jobs/queue';
import { queueStage } from '../lib/jobs/runs';
import { getStorage } from '../lib/storage';
import { STAGES } from './stages';
import { dropChunkOutputs } from './stages/merge';
import { RunCancelled, StageProblem, type StageOutcome } from './stages/stage';

const FINISHED = ['done', 'skipped'] as const;

async function loadRun(runId: string) {
  const [run] = await getDb().select().from(analysisRuns).where(eq(analysisRuns.id, runId));
  return run ?? null;
}

/**
 * Runs one stage job. Safe to call twice for the same job (a retry after a
 * killed worker, or an expired job picked up again): a finished stage is not
 * run again, and its output row is written only while it is not yet done.
 */
export async function executeStageJob(job: StageJob, attempt: { retryCount: number; retryLimit: number }): Promise<void> {
  const db = getDb();
  const stage = STAGES[job.stage as StageName];
  if (!stage) throw new Error(`Unknown stage "${job.stage}"`);
  const run = await loadRun(job.runId);
  if (!run || run.status === 'cancelled' || run.status === 'failed' || run.status === 'succeeded') return;

  const where = and(eq(runStages.runId, job.runId), eq(runStages.stage, job.stage), eq(runStages.chunk, job.chunk));
  const [row] = await db.select().from(runStages).where(where);
  if (row && (FINISHED as readonly string[]).includes(row.status)) {
    await advance(job);
    return;
  }

  const [asset] = await db.select().from(mediaAssets).where(eq(mediaAssets.id, run.mediaAssetId));
  if (!asset) throw new Error('The run has no media asset');
  const startedAt = new Date();
  await db
    .update(runStages)
    .set({ status: 'running', startedAt, attempts: sql`${runStages.attempts} + 1`, error: null })
    .where(where);
  await db
    .update(analysisRuns)
    .set({ status: 'running', stage: job.stage, startedAt: run.startedAt ?? startedAt })
    .where(and(eq(analysisRuns.id, run.id), eq(analysisRuns.status, run.status)));

  const chunkCount = stage.chunks?.(asset) ?? 1;
  const progress = async (fraction: number) => {
    const current = await loadRun(run.id);
    if (current?.status === 'cancelled') throw new RunCancelled();
    const overall = overallProgress(stage.name, (job.chunk + fraction) / chunkCount);
    await db
      .update(analysisRuns)
      .set({ progress: sql`greatest(${analysisRuns.progress}, ${overall})` })
      .where(eq(analysisRuns.id, run.id));
  };

  let outcome: StageOutcome;
  try {
    outcome = await stage.run({ run, asset, chunk: job.chunk, storage: getStorage(), progress });
  } catch (error) {
    if (error instanceof RunCancelled) return;
    await recordFailure(job, error, attempt.retryCount >= attempt.retryLimit);
    throw error;
  }

  const elapsedMs = Date.now() - startedAt.getTime();
  const stored = await withTransaction(async (tx) => {
    const updated = await tx
      .update(runStages)
      .set({
        status: outcome.status,
        output: outcome.status === 'done' ? outcome.output : null,
        finishedAt: new Date(),
        error: null,
      })
      .where(and(where, notInArray(runStages.status, [...FINISHED])))
      .returning({ id: runStages.id });
    if (updated.length === 0) return false;
    await tx
      .update(analysisRuns)
      .set({
        stageTimings: sql`jsonb_set(${analysisRuns.stageTimings}, ${`{${job.stage}}`}, to_jsonb(coalesce((${analysisRuns.stageTimings}->>${job.stage})::float, 0) + ${elapsedMs}))`,
        notes: outcome.note ? sql`${analysisRuns.notes} || ${JSON.stringify([outcome.note])}::jsonb` : analysisRuns.notes,
      })
      .where(eq(analysisRuns.id, run.id));
    return true;
  });
  if (stored) await progress(1).catch(() => {});
  await advance(job);
}

/** After a stage's last chunk finishes, queue the next stage's chunks, or finish the run. */
async function advance(job: StageJob): Promise<void> {
  await withTransaction(async (tx, client) => {
    const [run] = await tx
      .select()
      .from(analysisRuns)
      .where(eq(analysisRuns.id, job.runId))
      .for('update');
    if (!run || run.status === 'cancelled' || run.status === 'failed' || run.status === 'succeeded') return;
    const unfinished = await tx
      .select({ id: runStages.id })
      .from(runStages)
      .where(and(eq(runStages.runId, job.runId), eq(runStages.stage, job.stage), notInArray(runStages.status, [...FINISHED])));
    if (unfinished.length > 0) return;

    const next = nextStage(job.stage as StageName);
    if (next) {
      const [asset] = await tx.select().from(mediaAssets).where(eq(mediaAssets.id, run.mediaAssetId));
      const chunks = STAGES[next].chunks?.(asset) ?? 1;
      for (let chunk = 0; chunk < chunks; chunk++) await queueStage(tx, client, { runId: run.id, stage: next, chunk });
      return;
    }
    await tx
      .update(analysisRuns)
      .set({ status: 'succeeded', progress: 100, stage: null, finishedAt: new Date(), error: null })
      .where(eq(analysisRuns.id, run.id));
    await dropChunkOutputs(tx, run.id);
    await tx.update(lessons).set({ status: 'ready', updatedAt: new Date() }).where(eq(lessons.id, run.lessonId));
  });
}

/**
 * What the teacher (and a head the lesson is shared with) reads about a
 * failed stage: the stage's own sentence, or a general one. Tool output and
 * server paths stay in the stage row and the worker's log.
 */
function teacherMessage(stage: string, error: unknown): string {
  if (error instanceof StageProblem) return error.message;
  const label = PIPELINE.find((s) => s.name === stage)?.label ?? stage;
  return `“${label}” did not work on this recording.`;
}

async function recordFailure(job: StageJob, error: unknown, final: boolean): Promise<void> {
  const detail = error instanceof Error ? error.message : String(error);
  const message = teacherMessage(job.stage, error);
  const db = getDb();
  await db
    .update(runStages)
    .set({ status: 'failed', error: detail, finishedAt: new Date() })
    .where(and(eq(runStages.runId, job.runId), eq(runStages.stage, job.stage), eq(runStages.chunk, job.chunk)));
  const [run] = await db
    .update(analysisRuns)
    .set({
      attempts: sql`${analysisRuns.attempts} + 1`,
      error: final
        ? `${message} The analysis has stopped; try “Run again”, and if it stops again the recording may be damaged.`
        : `${message} Trying again…`,
      ...(final ? { status: 'failed' as const, finishedAt: new Date() } : {}),
    })
    .where(eq(analysisRuns.id, job.runId))
    .returning({ lessonId: analysisRuns.lessonId });
  if (final && run) await db.update(lessons).set({ status: 'failed', updatedAt: new Date() }).where(eq(lessons.id, run.lessonId));
}
