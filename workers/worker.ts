import { config } from '../lib/config';
import { closeDb } from '../lib/db/client';
import { TAKEOVER_CHECK_MS, takeOverStaleStages, WORKER_ID } from '../lib/jobs/lease';
import { getBoss, stopBoss } from '../lib/jobs/queue';
import { dispatchJob, servedKinds } from '../lib/jobs/registry';
import { closePdfBrowser, keepPdfBrowserOpen } from '../lib/reports/pdf';
import { JOB_HANDLERS } from './jobs';

/**
 * A worker: serves the queue of every registered job (or only the kinds in
 * WORKER_JOB_KINDS), one job at a time per queue, and every few seconds
 * takes over stages whose worker died. Start as many as there are cores, on
 * any machine that reaches the database.
 */
async function main(): Promise<void> {
  const kinds = servedKinds(config.workerJobKinds);
  const boss = await getBoss({ supervise: true });
  const served = JOB_HANDLERS.filter((h) => kinds.has(h.definition.kind));
  for (const handler of served) {
    const name = handler.definition.name;
    await boss.work<unknown>(name, { batchSize: 1, pollingIntervalSeconds: 1, includeMetadata: true }, async ([job]) =>
      dispatchJob(JOB_HANDLERS, job.name, job.data, { jobId: job.id, retryCount: job.retryCount, retryLimit: job.retryLimit }),
    );
  }
  if (kinds.has('reports')) keepPdfBrowserOpen();
  console.log(`[worker ${process.pid}] ${WORKER_ID} serving ${served.map((h) => h.definition.name).join(', ')}`);

  const takeover = kinds.has('analysis')
    ? setInterval(() => {
        takeOverStaleStages().catch((error) => console.error(`[worker ${process.pid}] takeover check:`, error.message));
      }, TAKEOVER_CHECK_MS)
    : null;

  const shutdown = async () => {
    if (takeover) clearInterval(takeover);
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
