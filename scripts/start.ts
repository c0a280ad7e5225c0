import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { prepareDatabase, sessionSecret } from '../lib/bootstrap';
import { config } from '../lib/config';
import { closeDb } from '../lib/db/client';
import { takeOverShutdownSignals } from '../lib/db/embedded';
import { DEMO_PASSWORD, DEMO_SIGN_INS } from '../lib/db/seed';
import { Supervisor } from '../lib/supervisor';
import { prepareWebServer } from '../lib/web-server';

/**
 * `npm start`: database (embedded unless DATABASE_URL is set), migrations,
 * demo data, a production build when there is none, then the web app and the
 * analysis workers, each restarted if it dies. Ctrl-C stops the web app and
 * the workers first, then the database.
 */
const port = Number(process.env.PORT ?? 3000);
// Children are node processes started directly (not through npx), so stopping them stops everything.
const NEXT_BIN = 'node_modules/next/dist/bin/next';
const workers = Number(process.env.WORKERS ?? 1);

async function main() {
  const database = await prepareDatabase();
  await closeDb();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: database.url,
    NEXTAUTH_SECRET: sessionSecret(),
    NEXTAUTH_URL: process.env.NEXTAUTH_URL ?? `http://localhost:${port}`,
    PORT: String(port),
  };

  if (!existsSync('.next/BUILD_ID')) {
    console.log('Building the web app (first start only)…');
    const build = spawn(process.execPath, [NEXT_BIN, 'build'], { stdio: 'inherit', env });
    const code = await new Promise<number | null>((resolve) => build.on('exit', resolve));
    if (code !== 0) throw new Error('next build failed');
  }

  const supervisor = new Supervisor();
  supervisor.start({ name: 'web server', command: process.execPath, args: prepareWebServer(), env });
  for (let i = 1; i <= workers; i++) supervisor.start({ name: `worker ${i}`, command: process.execPath, args: ['--import', 'tsx', 'workers/worker.ts'], env });

  console.log(`\nLessonLens is starting at http://localhost:${port}`);
  console.log(database.embedded ? `Database: embedded PostgreSQL in ${config.dataDir}/postgres` : 'Database: the server in DATABASE_URL');
  console.log(`\nDemo sign-ins (password "${DEMO_PASSWORD}"):`);
  for (const s of DEMO_SIGN_INS) console.log(`  ${s.role.padEnd(28)} ${s.email}`);
  console.log('');

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    // The database goes last: its clients would otherwise see their connections terminated (57P01).
    await supervisor.stop();
    await database.embedded?.stop();
    process.exit(0);
  };
  takeOverShutdownSignals();
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  process.on('SIGHUP', stop);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
