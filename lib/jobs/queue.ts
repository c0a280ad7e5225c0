import PgBoss from 'pg-boss';
import type pg from 'pg';
import { config } from '../config';
import { databaseUrl } from '../db/client';

export const STAGE_QUEUE = 'analysis-stage';

export type StageJob = { runId: string; stage: string; chunk: number };

function stageJobOptions() {
  return {
    retryLimit: config.stageRetryLimit,
    retryDelay: config.stageRetryDelaySeconds,
    retryBackoff: true,
    expireInSeconds: config.stageExpireSeconds,
  };
}

const globalForQueue = globalThis as unknown as { lessonlensBoss?: Promise<PgBoss> };

/**
 * The pg-boss instance of this process. Only workers supervise the queue
 * (expire jobs of killed workers, retry, archive); the web app just sends.
 */
export function getBoss(options: { supervise: boolean } = { supervise: false }): Promise<PgBoss> {
  globalForQueue.lessonlensBoss ??= (async () => {
    const boss = new PgBoss({
      connectionString: databaseUrl(),
      max: 4,
      supervise: options.supervise,
      schedule: false,
      maintenanceIntervalSeconds: config.queueMaintenanceSeconds,
    });
    boss.on('error', (error) => console.error('[pg-boss]', error));
    await boss.start();
    if (!(await boss.getQueue(STAGE_QUEUE))) {
      // Another process (a worker, the web app) may be creating it at this very moment.
      await boss.createQueue(STAGE_QUEUE, { name: STAGE_QUEUE, ...stageJobOptions() }).catch(async (error) => {
        if (!(await boss.getQueue(STAGE_QUEUE))) throw error;
      });
    }
    return boss;
  })();
  return globalForQueue.lessonlensBoss;
}

export async function stopBoss(): Promise<void> {
  const boss = await globalForQueue.lessonlensBoss;
  globalForQueue.lessonlensBoss = undefined;
  await boss?.stop({ graceful: false, wait: true });
}

/** Sends a stage job inside the caller's transaction, so the job exists exactly when the stage row does. */
export async function sendStageJob(client: pg.PoolClient, job: StageJob): Promise<void> {
  const boss = await getBoss();
  await boss.send(STAGE_QUEUE, job, {
    ...stageJobOptions(),
    db: { executeSql: (text: string, values: unknown[]) => client.query(text, values) },
  });
}
