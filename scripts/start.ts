import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { prepareDatabase, sessionSecret } from '../lib/bootstrap';
import { config } from '../lib/config';
import { closeDb } from '../lib/db/client';
import { DEMO_PASSWORD, DEMO_SIGN_INS } from '../lib/db/seed';
import { webServerArgs } from '../lib/web-server';

/**
 * `npm start`: database (embedded unless DATABASE_URL is set), migrations,
 * demo data, a production build when there is none, then the web app and one
 * analysis worker. Ctrl-C stops everything.
 */
const port = Number(process.env.PORT ?? 3000);
// Children are node processes started directly (not through npx), so stopping them stops everything.
const NEXT_BIN = 'node_modules/next/dist/bin/next';
const workers = Number(process.env.WORKERS ?? 1);

function run(command: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(command, args, { stdio: 'inherit', env });
}

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
    const build = run(process.execPath, [NEXT_BIN, 'build'], env);
    const code = await new Promise<number | null>((resolve) => build.on('exit', resolve));
    if (code !== 0) throw new Error('next build failed');
  }

  const children = [
    run(process.execPath, webServerArgs(), env),
    ...Array.from({ length: workers }, () => run(process.execPath, ['--import', 'tsx', 'workers/worker.ts'], env)),
  ];

  console.log(`\nLessonLens is starting at http://localhost:${port}`);
  console.log(database.embedded ? `Database: embedded PostgreSQL in ${config.dataDir}/postgres` : 'Database: the server in DATABASE_URL');
  console.log(`\nDemo sign-ins (password "${DEMO_PASSWORD}"):`);
  for (const s of DEMO_SIGN_INS) console.log(`  ${s.role.padEnd(28)} ${s.email}`);
  console.log('');

  let stopping = false;
  const stop = async (code = 0) => {
    if (stopping) return;
    stopping = true;
    for (const child of children) child.kill('SIGTERM');
    await database.embedded?.stop();
    process.exit(code);
  };
  for (const child of children) child.on('exit', (code) => !stopping && (console.error(`A process exited (${code}); stopping.`), stop(1)));
  process.on('SIGINT', () => stop());
  process.on('SIGTERM', () => stop());
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
