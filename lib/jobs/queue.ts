import PgBoss from 'pg-boss';
import type pg from 'pg';
import { config } from '../config';
import { databaseUrl } from '../db/client';
import { JOB_DEFINITIONS } from './definitions';
import type { JobDefinition } from './registry';

const globalForQueue = globalThis as unknown as { lessonlensBoss?: Promise<PgBoss> };

/** Creates each job's queue, or brings its retry and expiry policy up to date; safe when several processes start at once. */
async function ensureQueues(boss: PgBoss): Promise<void> {
  for (const definition of JOB_DEFINITIONS) {
    const queue = { name: definition.name, ...definition.policy() };
    if (await boss.getQueue(definition.name)) {
      await boss.updateQueue(definition.name, queue);
      continue;
    }
    await boss.createQueue(definition.name, queue).catch(async (error) => {
      if (!(await boss.getQueue(definition.name))) throw error;
    });
  }
}

/**
 * The pg-boss instance of this process. Only workers supervise the queues
 * (retry, archive) and keep the schedules (periodic sweeps); the web app just
 * sends.
 */
export function getBoss(options: { supervise: boolean } = { supervise: false }): Promise<PgBoss> {
  globalForQueue.lessonlensBoss ??= (async () => {
    const boss = new PgBoss({
      connectionString: databaseUrl(),
      max: 4,
      supervise: options.supervise,
      schedule: options.supervise,
      maintenanceIntervalSeconds: config.queueMaintenanceSeconds,
    });
    boss.on('error', (error) => console.error('[pg-boss]', error));
    await boss.start();
    await ensureQueues(boss);
    if (options.supervise) {
      for (const definition of JOB_DEFINITIONS) if (definition.schedule) await boss.schedule(definition.name, definition.schedule, {}, { tz: 'UTC' });
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

/**
 * Sends a job after checking its payload against the job's schema. With
 * `client`, the job is sent inside that client's transaction, so it exists
 * exactly when the rows that ask for it do. Returns the job's id.
 */
export async function sendJob<P>(definition: JobDefinition<P>, payload: P, options: { client?: pg.PoolClient } = {}): Promise<string> {
  const data = definition.payload.parse(payload) as object;
  const boss = await getBoss();
  const client = options.client;
  const id = await boss.send(definition.name, data, {
    ...definition.policy(),
    ...(client ? { db: { executeSql: (text: string, values: unknown[]) => client.query(text, values) } } : {}),
  });
  if (!id) throw new Error(`pg-boss did not accept the ${definition.name} job`);
  return id;
}

/** Withdraws jobs that have not started yet (a cancelled run's queued stages); started ones stop by themselves. */
export async function withdrawJobs(definition: JobDefinition<unknown>, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await (await getBoss()).cancel(definition.name, ids);
}
