import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { closeDb } from '../../lib/db/client';
import { migrateDatabase } from '../../lib/db/migrate';
import { seedDemoData } from '../../lib/db/seed';
import { prepareWebServer } from '../../lib/web-server';
import { createScratchDatabase, freePort, testServerUrl } from '../../test/helpers/postgres';

export type RunningApp = {
  url: string;
  env: NodeJS.ProcessEnv;
  dataDir: string;
  webPid: number;
  startWorker(): ChildProcess;
  stop(): Promise<void>;
};

export function waitForExit(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));
}

async function waitForHttp(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url, { redirect: 'manual' })).status < 500) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

/**
 * The built app (`next build` must have run) on a fresh seeded database, with
 * its own media directory, plus the requested number of workers.
 */
export async function startApp(options: { workers?: number; env?: Record<string, string> } = {}): Promise<RunningApp> {
  const server = await testServerUrl();
  const databaseUrl = await createScratchDatabase(server.url);
  process.env.DATABASE_URL = databaseUrl;
  await migrateDatabase();
  await seedDemoData();
  await closeDb();

  const port = await freePort();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'lessonlens-e2e-'));
  const url = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    LESSONLENS_DATA_DIR: dataDir,
    NEXTAUTH_SECRET: 'e2e-secret-not-for-production',
    NEXTAUTH_URL: url,
    PORT: String(port),
    QUEUE_MAINTENANCE_SECONDS: '1',
    ...options.env,
  };
  const children: ChildProcess[] = [];
  const log = process.env.E2E_LOG ? 'inherit' : 'ignore';
  const web = spawn(process.execPath, prepareWebServer('127.0.0.1'), {
    env,
    stdio: ['ignore', log, log],
  });
  children.push(web);
  const startWorker = () => {
    const worker = spawn(process.execPath, ['--import', 'tsx', 'workers/worker.ts'], { env, stdio: ['ignore', log, log] });
    children.push(worker);
    return worker;
  };
  for (let i = 0; i < (options.workers ?? 1); i++) startWorker();
  await waitForHttp(`${url}/signin`, 60_000);

  return {
    url,
    env,
    dataDir,
    webPid: web.pid!,
    startWorker,
    async stop() {
      await closeDb();
      for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await Promise.all(children.map(waitForExit));
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
