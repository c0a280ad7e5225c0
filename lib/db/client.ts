import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import * as schema from './schema';

export type Database = NodePgDatabase<typeof schema>;

/** The server `npm start` runs when no DATABASE_URL is given; a worker started alone on the same machine finds it here. */
export const EMBEDDED_DATABASE_URL = `postgres://postgres:postgres@127.0.0.1:${process.env.EMBEDDED_POSTGRES_PORT ?? 54329}/lessonlens`;

export function databaseUrl(): string {
  return process.env.DATABASE_URL || EMBEDDED_DATABASE_URL;
}

const globalForDb = globalThis as unknown as { lessonlensPool?: pg.Pool; lessonlensDb?: Database };

function logLostConnection(error: Error): void {
  console.error(`[db] a database connection was lost: ${error.message}`);
}

/**
 * The process's connection pool. A connection the server drops (a restart, a
 * network blip, pg_terminate_backend) emits 'error' on its client, idle or
 * checked out; unhandled, that would end the process. Here it is logged: the
 * query on it fails and its caller decides (a stage attempt fails and is
 * retried, a page shows its error), and the pool opens a new connection for
 * the next query, so the process recovers when the database is back.
 */
export function getPool(): pg.Pool {
  if (!globalForDb.lessonlensPool) {
    const pool = new pg.Pool({ connectionString: databaseUrl(), max: 10 });
    pool.on('error', logLostConnection);
    pool.on('connect', (client) => client.on('error', logLostConnection));
    globalForDb.lessonlensPool = pool;
  }
  return globalForDb.lessonlensPool;
}

/** One pool and one Drizzle instance per process (kept on globalThis so Next's dev reloads reuse it). */
export function getDb(): Database {
  globalForDb.lessonlensDb ??= drizzle(getPool(), { schema });
  return globalForDb.lessonlensDb;
}

export async function closeDb(): Promise<void> {
  const pool = globalForDb.lessonlensPool;
  globalForDb.lessonlensPool = undefined;
  globalForDb.lessonlensDb = undefined;
  await pool?.end();
}

/** Runs `work` in one transaction on one connection; the raw client is there for pg-boss sends that must commit with it. */
export async function withTransaction<T>(work: (tx: Database, client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await getPool().connect();
  let broken: Error | undefined;
  try {
    await client.query('begin');
    const result = await work(drizzle(client, { schema }), client);
    await client.query('commit');
    return result;
  } catch (error) {
    // On a lost connection the rollback fails too; the caller gets the first error, and the connection is not reused.
    await client.query('rollback').catch((rollbackError: Error) => (broken = rollbackError));
    throw error;
  } finally {
    client.release(broken);
  }
}
