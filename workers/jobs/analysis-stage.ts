import { analysisStageJob } from '../../lib/jobs/definitions';
import { HEARTBEAT_MS, WORKER_ID } from '../../lib/jobs/lease';
import { claimStage, failStage, finishStage, renewLease, reportProgress } from '../../lib/jobs/runs';
import { handleJob } from '../../lib/jobs/registry';
import { getStorage } from '../../lib/storage';
import { STAGES } from '../stages';

/** Stage progress is written at most this often (stages may report after every frame). */
const PROGRESS_WRITE_MS = 1000;

/**
 * Runs one stage (or chunk) of an analysis run under this worker's lease:
 * the lease is renewed every second, and the stage is aborted within that
 * second when the teacher cancels the run or another worker took it over.
 * A stage whose run is no longer active, that finished, or that a live
 * worker holds is not run at all (a duplicated or expired job).
 */
export default handleJob(analysisStageJob, async (job, context) => {
  const label = `${job.stage}#${job.chunk} of run ${job.runId}`;
  const claim = await claimStage(job, WORKER_ID, context.jobId);
  if (!claim.claimed) {
    console.log(`[worker ${process.pid}] skip ${label}: ${claim.reason}`);
    return;
  }
  const stage = STAGES[job.stage];
  const controller = new AbortController();
  let lastWrite = 0;
  let pending: number | null = null;
  const flushProgress = () => {
    if (pending === null) return;
    const fraction = pending;
    pending = null;
    lastWrite = Date.now();
    reportProgress(claim.row, WORKER_ID, fraction).catch((error) => console.error(`[worker ${process.pid}] progress of ${label}:`, error.message));
  };
  const heartbeat = setInterval(() => {
    renewLease(claim.row.id, WORKER_ID)
      .then((state) => {
        if (state !== 'held') controller.abort(new Error(state === 'stopped' ? 'the run was cancelled or failed' : 'another worker took the stage over'));
      })
      .catch((error) => console.error(`[worker ${process.pid}] lease of ${label}:`, error.message));
    if (Date.now() - lastWrite >= PROGRESS_WRITE_MS) flushProgress();
  }, HEARTBEAT_MS);

  const started = Date.now();
  console.log(`[worker ${process.pid}] start ${label} (attempt ${claim.row.attempts})`);
  try {
    const outcome = await stage.run({
      run: claim.run,
      asset: claim.asset,
      chunk: job.chunk,
      storage: getStorage(),
      signal: controller.signal,
      progress: (fraction) => {
        pending = Math.max(pending ?? 0, fraction);
        if (Date.now() - lastWrite >= PROGRESS_WRITE_MS) flushProgress();
      },
    });
    clearInterval(heartbeat);
    const stored = await finishStage(job, WORKER_ID, outcome, Date.now() - started);
    console.log(`[worker ${process.pid}] ${stored ? 'done' : 'dropped (run stopped or stage taken over)'} ${label} in ${Date.now() - started} ms`);
  } catch (error) {
    clearInterval(heartbeat);
    if (controller.signal.aborted) {
      console.log(`[worker ${process.pid}] stopped ${label} after ${Date.now() - started} ms: ${(controller.signal.reason as Error).message}`);
      return;
    }
    console.error(`[worker ${process.pid}] failed ${label} after ${Date.now() - started} ms: ${error instanceof Error ? error.message : String(error)}`);
    await failStage(job, WORKER_ID, error, context.retryCount >= context.retryLimit);
    throw error;
  }
});
