import { and, desc, eq, inArray, isNull, lt, ne, notInArray, or, sql } from 'drizzle-orm';
import type pg from 'pg';
import { config } from '../config';
import { getDb, withTransaction, type Database } from '../db/client';
import { analysisRuns, lessons, mediaAssets, runStages, type AnalysisRun, type LessonStatus, type MediaAsset, type RunStage } from '../db/schema';
import { blurredCopyAfterRun } from '../lessons/blurred-copy';
import { createReportVersion, reasonForFinishedRun } from '../reports/versions';
import { analysisStageJob, type StageJob } from './definitions';
import { chunkCount, PIPELINE, readyStages, STAGE_NAMES, type StageName } from './pipeline';
import { runProgress } from './progress';
import { sendJob, withdrawJobs } from './queue';

/**
 * The state machine of an analysis run and of its lesson. Every transition
 * happens here, in one transaction with the rows it changes:
 *
 *   run:    queued → running → succeeded | failed | cancelled
 *   stage:  queued → running → done | skipped | failed (→ queued again on retry or takeover) | cancelled
 *   lesson: draft → processing → ready | failed | cancelled (it follows its latest run), and
 *           currentRunId → the latest run that succeeded (kept while a newer one runs or fails).
 *
 * A stage's chunks are queued when every stage it waits for has finished;
 * workers claim a chunk with a lease (lib/jobs/lease.ts), report progress,
 * and finish or fail it; workers/ only runs the stage code in between.
 */

export const ACTIVE_RUN_STATUSES = ['queued', 'running'] as const;
const FINISHED_STAGE_STATUSES = ['done', 'skipped'] as const;
const OPEN_STAGE_STATUSES = ['queued', 'running', 'failed'] as const;

export function isActive(run: Pick<AnalysisRun, 'status'>): boolean {
  return (ACTIVE_RUN_STATUSES as readonly string[]).includes(run.status);
}

const stageKey = (job: StageJob) => and(eq(runStages.runId, job.runId), eq(runStages.stage, job.stage), eq(runStages.chunk, job.chunk));

async function lockRun(tx: Database, runId: string): Promise<AnalysisRun | null> {
  const [run] = await tx.select().from(analysisRuns).where(eq(analysisRuns.id, runId)).for('update');
  return run ?? null;
}

/** Queues a stage job unless that stage/chunk already has a row: the row and the job commit together, so a stage is queued at most once per run. */
async function queueStage(tx: Database, client: pg.PoolClient, job: StageJob): Promise<void> {
  const inserted = await tx.insert(runStages).values({ ...job, status: 'queued' }).onConflictDoNothing().returning({ id: runStages.id });
  if (inserted.length === 0) return;
  const jobId = await sendJob(analysisStageJob, job, { client });
  await tx.update(runStages).set({ jobId }).where(eq(runStages.id, inserted[0].id));
}

/** Queues every stage whose inputs are ready, or finishes the run when every stage has finished. */
async function advance(tx: Database, client: pg.PoolClient, run: AnalysisRun): Promise<void> {
  const rows = await tx.select({ stage: runStages.stage, status: runStages.status }).from(runStages).where(eq(runStages.runId, run.id));
  const queued = new Set(rows.map((r) => r.stage as StageName));
  const finished = new Set(STAGE_NAMES.filter((s) => queued.has(s) && rows.filter((r) => r.stage === s).every((r) => (FINISHED_STAGE_STATUSES as readonly string[]).includes(r.status))));
  if (finished.size === PIPELINE.length) return succeed(tx, client, run);
  const ready = readyStages(finished, queued);
  if (ready.length === 0) return;
  const [asset] = await tx.select().from(mediaAssets).where(eq(mediaAssets.id, run.mediaAssetId));
  for (const stage of ready) for (let chunk = 0; chunk < chunkCount(stage, asset); chunk++) await queueStage(tx, client, { runId: run.id, stage, chunk });
}

/**
 * The run succeeded: the lesson shows it from now on — unless a newer run
 * already succeeded — the runs it replaces start their retention, its
 * blurred copy is asked for where one is made after every analysis, and the
 * lesson's next report version is reserved with the job that prints it.
 */
async function succeed(tx: Database, client: pg.PoolClient, run: AnalysisRun): Promise<void> {
  const now = new Date();
  await tx.update(analysisRuns).set({ status: 'succeeded', progress: 100, finishedAt: now, error: null }).where(eq(analysisRuns.id, run.id));
  // Chunk outputs are folded into the merged analysis; once the run is done they would only be a second copy.
  await tx.update(runStages).set({ output: null }).where(and(eq(runStages.runId, run.id), inArray(runStages.stage, ['faces', 'voices'])));
  const [lesson] = await tx.select({ currentRunId: lessons.currentRunId }).from(lessons).where(eq(lessons.id, run.lessonId)).for('update');
  const [current] = lesson?.currentRunId ? await tx.select().from(analysisRuns).where(eq(analysisRuns.id, lesson.currentRunId)) : [];
  if (current && current.createdAt > run.createdAt) {
    await tx.update(analysisRuns).set({ supersededAt: now }).where(eq(analysisRuns.id, run.id));
    return;
  }
  await tx.update(lessons).set({ currentRunId: run.id, updatedAt: now }).where(eq(lessons.id, run.lessonId));
  await blurredCopyAfterRun(tx, client, run);
  await tx
    .update(analysisRuns)
    .set({ supersededAt: now })
    .where(and(eq(analysisRuns.lessonId, run.lessonId), ne(analysisRuns.id, run.id), isNull(analysisRuns.supersededAt), lt(analysisRuns.createdAt, run.createdAt), notInArray(analysisRuns.status, [...ACTIVE_RUN_STATUSES])));
  await setLessonStatusFromLatestRun(tx, run.lessonId);
  const reason = await reasonForFinishedRun(tx, run.lessonId, run.mediaAssetId);
  await createReportVersion(tx, client, { lessonId: run.lessonId, runId: run.id, mediaAssetId: run.mediaAssetId, reason, requestedBy: run.requestedBy });
}

/** A lesson's status is its latest run's: processing, ready, failed or cancelled. */
async function setLessonStatusFromLatestRun(tx: Database, lessonId: string): Promise<void> {
  const [latest] = await tx.select({ status: analysisRuns.status }).from(analysisRuns).where(eq(analysisRuns.lessonId, lessonId)).orderBy(desc(analysisRuns.createdAt)).limit(1);
  if (!latest) return;
  const status: LessonStatus = latest.status === 'succeeded' ? 'ready' : latest.status === 'failed' || latest.status === 'cancelled' ? latest.status : 'processing';
  await tx.update(lessons).set({ status, updatedAt: new Date() }).where(eq(lessons.id, lessonId));
}

/** A new analysis run of the lesson's media, queued at its first stages. */
export async function startRun(values: { lessonId: string; mediaAssetId: string; requestedBy: string }): Promise<string> {
  return withTransaction(async (tx, client) => {
    const [run] = await tx.insert(analysisRuns).values(values).returning();
    await tx.update(lessons).set({ status: 'processing', updatedAt: new Date() }).where(eq(lessons.id, values.lessonId));
    await advance(tx, client, run);
    return run.id;
  });
}

/** Marks a run cancelled with its open stages; workers running them see it within a second and stop. Returns the jobs to withdraw. */
async function cancelInTransaction(tx: Database, runId: string): Promise<{ lessonId: string; queuedJobs: string[] } | null> {
  const [run] = await tx
    .update(analysisRuns)
    .set({ status: 'cancelled', finishedAt: new Date(), error: null })
    .where(and(eq(analysisRuns.id, runId), inArray(analysisRuns.status, [...ACTIVE_RUN_STATUSES])))
    .returning({ lessonId: analysisRuns.lessonId });
  if (!run) return null;
  const stopped = await tx
    .update(runStages)
    .set({ status: 'cancelled', finishedAt: new Date(), workerId: null })
    .where(and(eq(runStages.runId, runId), inArray(runStages.status, [...OPEN_STAGE_STATUSES])))
    .returning({ jobId: runStages.jobId, wasQueued: sql<boolean>`${runStages.startedAt} is null` });
  return { lessonId: run.lessonId, queuedJobs: stopped.filter((s) => s.wasQueued && s.jobId).map((s) => s.jobId!) };
}

/** Stops a queued or running run; returns false when it was not active. */
export async function cancelRun(runId: string): Promise<boolean> {
  const cancelled = await withTransaction(async (tx) => {
    const result = await cancelInTransaction(tx, runId);
    if (result) await setLessonStatusFromLatestRun(tx, result.lessonId);
    return result;
  });
  if (!cancelled) return false;
  await withdrawJobs(analysisStageJob, cancelled.queuedJobs).catch((error) => console.error('[runs] could not withdraw queued jobs', error));
  return true;
}

/** Cancels the lesson's active runs inside the caller's transaction (its recording is being replaced). */
export async function cancelActiveRunsOf(tx: Database, lessonId: string): Promise<void> {
  const active = await tx.select({ id: analysisRuns.id }).from(analysisRuns).where(and(eq(analysisRuns.lessonId, lessonId), inArray(analysisRuns.status, [...ACTIVE_RUN_STATUSES])));
  for (const run of active) await cancelInTransaction(tx, run.id);
}

export type StageClaim =
  | { claimed: true; run: AnalysisRun; asset: MediaAsset; row: RunStage }
  /** Nothing to do: the stage finished, the run stopped, or a live worker holds it. */
  | { claimed: false; reason: 'finished' | 'inactive' | 'held' };

/**
 * Takes a stage for one attempt by `workerId`: the stage row becomes running
 * under that worker's lease unless it finished, its run stopped, or another
 * worker holds it and is alive (an expired or duplicated job then does
 * nothing, so a stage never runs twice at once).
 */
export async function claimStage(job: StageJob, workerId: string, jobId: string): Promise<StageClaim> {
  return withTransaction(async (tx, client) => {
    const run = await lockRun(tx, job.runId);
    if (!run || !isActive(run)) return { claimed: false, reason: 'inactive' };
    const now = new Date();
    const leaseExpired = sql`${runStages.heartbeatAt} < now() - make_interval(secs => ${config.stageLeaseSeconds})`;
    const [row] = await tx
      .update(runStages)
      .set({ status: 'running', workerId, jobId, heartbeatAt: now, startedAt: now, progress: 0, error: null, attempts: sql`${runStages.attempts} + 1` })
      .where(and(stageKey(job), or(inArray(runStages.status, ['queued', 'failed']), and(eq(runStages.status, 'running'), or(isNull(runStages.heartbeatAt), leaseExpired)))))
      .returning();
    if (!row) {
      const [existing] = await tx.select({ status: runStages.status }).from(runStages).where(stageKey(job));
      if (existing && (FINISHED_STAGE_STATUSES as readonly string[]).includes(existing.status)) {
        // The attempt that finished it may have stopped before queueing what follows.
        await advance(tx, client, run);
        return { claimed: false, reason: 'finished' };
      }
      return { claimed: false, reason: existing?.status === 'running' ? 'held' : 'inactive' };
    }
    if (run.status === 'queued') await tx.update(analysisRuns).set({ status: 'running', startedAt: now }).where(eq(analysisRuns.id, run.id));
    const [asset] = await tx.select().from(mediaAssets).where(eq(mediaAssets.id, run.mediaAssetId));
    return { claimed: true, run, asset, row };
  });
}

export type LeaseState = 'held' | 'lost' | 'stopped';

/**
 * Renews the lease of a running attempt: 'held' while this worker holds it and
 * the run is active; 'stopped' when the run was cancelled or failed (stop at
 * once, store nothing); 'lost' when another worker took the stage over.
 */
export async function renewLease(rowId: string, workerId: string): Promise<LeaseState> {
  const result = await getDb().execute<{ run_status: string; renewed: number }>(sql`
    with renewed as (
      update ${runStages} set heartbeat_at = now()
      where ${runStages.id} = ${rowId} and ${runStages.workerId} = ${workerId} and ${runStages.status} = 'running'
      returning ${runStages.id}
    )
    select ${analysisRuns.status} as run_status, (select count(*) from renewed)::int as renewed
    from ${runStages} join ${analysisRuns} on ${analysisRuns.id} = ${runStages.runId}
    where ${runStages.id} = ${rowId}`);
  const row = result.rows[0];
  if (!row || !isActive({ status: row.run_status as AnalysisRun['status'] })) return 'stopped';
  return row.renewed > 0 ? 'held' : 'lost';
}

/** Records how far this attempt is (0–1) and moves the run's overall progress, which never goes back. */
export async function reportProgress(row: Pick<RunStage, 'id' | 'runId'>, workerId: string, fraction: number): Promise<void> {
  const db = getDb();
  const updated = await db
    .update(runStages)
    .set({ progress: sql`greatest(${runStages.progress}, ${Math.min(1, Math.max(0, fraction))})` })
    .where(and(eq(runStages.id, row.id), eq(runStages.workerId, workerId), eq(runStages.status, 'running')))
    .returning({ id: runStages.id });
  if (updated.length === 0) return;
  const rows = await db.select({ stage: runStages.stage, status: runStages.status, progress: runStages.progress, startedAt: runStages.startedAt }).from(runStages).where(eq(runStages.runId, row.runId));
  await db
    .update(analysisRuns)
    .set({ progress: sql`greatest(${analysisRuns.progress}, ${runProgress(rows)})` })
    .where(and(eq(analysisRuns.id, row.runId), inArray(analysisRuns.status, [...ACTIVE_RUN_STATUSES])));
}

/** `note` is a sentence for the teacher about this recording ("no faces were found"). */
export type StageOutcome =
  | { status: 'done'; output: unknown; note?: string; store?(tx: Database): Promise<void> }
  /** The stage does not apply to this recording. */
  | { status: 'skipped'; note?: string };

/**
 * Stores a finished attempt — its output, what `store` writes, the time it
 * took, its note — and queues what it unblocks, in one transaction, and only
 * while this worker still holds the stage and the run is active: a cancelled
 * run or a stage taken over leaves no row half-written. Returns whether it
 * was stored.
 */
export async function finishStage(job: StageJob, workerId: string, outcome: StageOutcome, elapsedMs: number): Promise<boolean> {
  return withTransaction(async (tx, client) => {
    const run = await lockRun(tx, job.runId);
    if (!run || !isActive(run)) return false;
    const [stored] = await tx
      .update(runStages)
      .set({ status: outcome.status, output: outcome.status === 'done' ? outcome.output : null, progress: 1, finishedAt: new Date(), error: null, workerId: null })
      .where(and(stageKey(job), eq(runStages.workerId, workerId), eq(runStages.status, 'running')))
      .returning({ id: runStages.id });
    if (!stored) return false;
    if (outcome.status === 'done') await outcome.store?.(tx);
    const [updated] = await tx
      .update(analysisRuns)
      .set({
        stageTimings: sql`jsonb_set(${analysisRuns.stageTimings}, ${`{${job.stage}}`}, to_jsonb(coalesce((${analysisRuns.stageTimings}->>${job.stage})::float, 0) + ${elapsedMs}))`,
        notes: outcome.note ? sql`${analysisRuns.notes} || ${JSON.stringify([outcome.note])}::jsonb` : analysisRuns.notes,
      })
      .where(eq(analysisRuns.id, run.id))
      .returning();
    const rows = await tx.select({ stage: runStages.stage, status: runStages.status, progress: runStages.progress, startedAt: runStages.startedAt }).from(runStages).where(eq(runStages.runId, run.id));
    await tx.update(analysisRuns).set({ progress: sql`greatest(${analysisRuns.progress}, ${runProgress(rows)})` }).where(eq(analysisRuns.id, run.id));
    await advance(tx, client, updated);
    return true;
  });
}

/**
 * A failed attempt: the stage is marked failed with its error; when it was
 * the last retry (`final`), the run fails, its other stages stop, and the
 * lesson says so.
 */
/** A stage failure whose message is a sentence for the teacher; any other error is logged, and the teacher gets a general sentence. */
export class StageProblem extends Error {}

/** What the teacher (and a head the lesson is shared with) reads: tool output and server paths stay in the stage row and the worker's log. */
function teacherMessage(stage: string, error: unknown): string {
  if (error instanceof StageProblem) return error.message;
  const label = PIPELINE.find((s) => s.name === stage)?.label ?? stage;
  return `“${label}” did not work on this recording.`;
}

export async function failStage(job: StageJob, workerId: string | null, error: unknown, final: boolean): Promise<void> {
  const message = error instanceof Error ? error.message : String(error);
  const sentence = teacherMessage(job.stage, error);
  await withTransaction(async (tx) => {
    const run = await lockRun(tx, job.runId);
    if (!run || !isActive(run)) return;
    const failed = await tx
      .update(runStages)
      .set({ status: 'failed', error: message, finishedAt: new Date(), workerId: null })
      .where(and(stageKey(job), workerId ? eq(runStages.workerId, workerId) : sql`true`, inArray(runStages.status, ['queued', 'running'])))
      .returning({ id: runStages.id });
    if (failed.length === 0) return;
    await tx
      .update(analysisRuns)
      .set({
        attempts: sql`${analysisRuns.attempts} + 1`,
        error: final
          ? `${sentence} The analysis has stopped; try “Run again”, and if it stops again the recording may be damaged.`
          : `${sentence} Trying again…`,
        ...(final ? { status: 'failed' as const, finishedAt: new Date() } : {}),
      })
      .where(eq(analysisRuns.id, run.id));
    if (!final) return;
    await tx
      .update(runStages)
      .set({ status: 'cancelled', finishedAt: new Date(), workerId: null })
      .where(and(eq(runStages.runId, run.id), inArray(runStages.status, ['queued', 'running'])));
    await setLessonStatusFromLatestRun(tx, run.lessonId);
  });
}
