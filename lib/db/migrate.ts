import { fileURLToPath } from 'node:url';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { getDb } from './client';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../db/migrations', import.meta.url));

export async function migrateDatabase(): Promise<void> {
  await migrate(getDb(), { migrationsFolder: MIGRATIONS_DIR });
}
