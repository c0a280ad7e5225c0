import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { config } from './config';
import { startEmbeddedPostgres, type EmbeddedServer } from './db/embedded';
import { migrateDatabase } from './db/migrate';
import { seedDemoData } from './db/seed';

export type PreparedDatabase = { url: string; embedded: EmbeddedServer | null; seeded: boolean };

/**
 * Makes the database ready: the server named by DATABASE_URL, or an embedded
 * PostgreSQL under the data directory when there is none; then migrations and,
 * into an empty database, the demo school. Sets DATABASE_URL for this process
 * and the processes it starts.
 */
export async function prepareDatabase(): Promise<PreparedDatabase> {
  let embedded: EmbeddedServer | null = null;
  if (!config.databaseUrl) {
    mkdirSync(config.dataDir, { recursive: true });
    embedded = await startEmbeddedPostgres(config.dataDir, config.embeddedPostgresPort);
    process.env.DATABASE_URL = embedded.url;
  }
  await migrateDatabase();
  const seeded = await seedDemoData();
  return { url: process.env.DATABASE_URL!, embedded, seeded };
}

/** A stable session-signing secret: NEXTAUTH_SECRET, or one generated once into the data directory. */
export function sessionSecret(): string {
  if (process.env.NEXTAUTH_SECRET) return process.env.NEXTAUTH_SECRET;
  const file = path.join(config.dataDir, 'session-secret');
  if (!existsSync(file)) {
    mkdirSync(config.dataDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600 });
  }
  return readFileSync(file, 'utf8').trim();
}
