import { closeDb } from '../lib/db/client';
import { getBoss, STAGE_QUEUE, stopBoss, type StageJob } from '../lib/jobs/queue';
import { closePdfBrowser } from '../lib/reports/pdf';
import { executeStageJob } from './execute-stage';

/**
 * An analysis worker: takes one stage job at a time from the shared queue.
 * Start as many as there are cores, on any machine that reaches the database.
 */
async function main(): Promise<void> {
  const boss = await getBoss({ supervise: true });
  await boss.work<StageJob>(
    STAGE_QUEUE,
    { batchSize: 1, pollingIntervalSeconds: 1, includeMetadata: true },
    async ([job]) => {
      const label = `${job.data.stage}#${job.data.chunk} of run ${job.data.runId}`;
      const started = Date.now();
      console.log(`[worker ${process.pid}] start ${label} (attempt ${job.retryCount + 1})`);
      try {
        await executeStageJob(job.data, { retryCount: job.retryCount, retryLimit: job.retryLimit });
      } catch (error) {
        console.error(`[worker ${process.pid}] failed ${label} after ${Date.now() - started} ms: ${error instanceof Error ? error.message : String(error)}`);
        throw error;
      }
      console.log(`[worker ${process.pid}] done ${label} in ${Date.now() - started} ms`);
    },
  );
  console.log(`[worker ${process.pid}] waiting for analysis jobs`);

  const shutdown = async () => {
    await stopBoss();
    await closePdfBrowser();
    await closeDb();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
