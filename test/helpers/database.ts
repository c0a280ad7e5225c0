import { after, before } from 'node:test';
import { closeDb } from '../../lib/db/client';
import { stopBoss } from '../../lib/jobs/queue';
import { migrateDatabase } from '../../lib/db/migrate';
import { createScratchDatabase, testServerUrl } from './postgres';

/**
 * Gives the calling test file its own migrated database on a real PostgreSQL
 * server, as DATABASE_URL for everything in this process.
 */
export function useTestDatabase(): void {
  let stopServer: () => Promise<void> = async () => {};
  before(async () => {
    const server = await testServerUrl();
    stopServer = server.stop;
    process.env.DATABASE_URL = await createScratchDatabase(server.url);
    await migrateDatabase();
  });
  after(async () => {
    await stopBoss();
    await closeDb();
    await stopServer();
  });
}
