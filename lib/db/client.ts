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

export function getPool(): pg.Pool {
  if (!globalForDb.lessonlensPool) {
    const pool = new pg.Pool({ connectionString: databaseUrl(), max: 10 });
    // A connection the server closed (restart, failover, terminated backend), idle or checked out, emits 'error';
    // unhandled, that would end the process. The query on it fails, the pool drops it, the next query opens a new one.
    pool.on('error', (error) => console.error('[db] idle connection lost:', error.message));
    pool.on('connect', (client) => client.on('error', (error) => console.error('[db] connection lost:', error.message)));
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
  // A connection the server closes while this transaction holds it fails the transaction, not the process.
  const onError = (error: Error) => (broken = error);
  client.on('error', onError);
  try {
    await client.query('begin');
    const result = await work(drizzle(client, { schema }), client);
    await client.query('commit');
    return result;
  } catch (error) {
    // A connection that cannot even roll back is dead: it is dropped, not returned to the pool.
    await client.query('rollback').catch((rollbackError: Error) => (broken = rollbackError));
    throw error;
  } finally {
    client.off('error', onError);
    client.release(broken);
  }
}
