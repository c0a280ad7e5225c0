import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres } from '../lib/db/embedded';
import { freePort } from '../test/helpers/postgres';

/**
 * `npm test`: every test file (unit, integration, e2e) in one node:test run,
 * against one real PostgreSQL server on which each file makes its own
 * database: the server in TEST_POSTGRES_URL if given, else an embedded one
 * started here. The e2e files need a production build; it is made first.
 * Pass file paths to run just those.
 */
function testFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === 'helpers' || name === 'fixtures' ? [] : testFiles(full);
    return name.endsWith('.test.ts') ? [full] : [];
  });
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve) => spawn(command, args, { stdio: 'inherit', env }).on('exit', (code) => resolve(code ?? 1)));
}

async function main() {
  const requested = process.argv.slice(2);
  const files = requested.length ? requested : [...testFiles('test'), ...testFiles('e2e')];
  const env = { ...process.env };
  let stop = async () => {};
  if (!env.TEST_POSTGRES_URL) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lessonlens-test-pg-'));
    const server = await startEmbeddedPostgres(dir, await freePort());
    env.TEST_POSTGRES_URL = server.url.replace(/\/lessonlens$/, '/postgres');
    stop = async () => {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    };
  }
  let code = 0;
  try {
    if (files.some((f) => f.startsWith('e2e')) && !env.SKIP_BUILD) {
      code = await run(process.execPath, ['node_modules/next/dist/bin/next', 'build'], env);
    }
    if (code === 0) {
      code = await run(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-reporter=spec', ...files], env);
    }
  } finally {
    await stop();
  }
  process.exit(code);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
