import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { test } from 'node:test';
import { scratchDir } from '../test/helpers/fixtures';
import { freePort } from '../test/helpers/postgres';
import { until } from '../test/helpers/until';

/** The direct and indirect children of a process, with their command lines. */
function descendants(pid: number): Array<{ pid: number; command: string }> {
  let children: number[] = [];
  try {
    children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').split(' ').filter(Boolean).map(Number);
  } catch {}
  return children.flatMap((child) => {
    let command = '';
    try {
      command = readFileSync(`/proc/${child}/cmdline`, 'utf8').replace(/\0/g, ' ');
    } catch {}
    return [{ pid: child, command }, ...descendants(child)];
  });
}

test('npm start supervises: a worker killed with SIGKILL is started again while the web server keeps answering; Ctrl-C stops the children before the database', { timeout: 240_000 }, async () => {
  const dataDir = scratchDir('lessonlens-launcher-');
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, LESSONLENS_DATA_DIR: dataDir, PORT: String(port), EMBEDDED_POSTGRES_PORT: String(await freePort()), WORKERS: '1', NEXTAUTH_SECRET: 'launcher-test' };
  delete env.DATABASE_URL;
  const launcher = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  launcher.stdout!.on('data', (chunk) => (output += chunk));
  launcher.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => launcher.once('exit', (code) => resolve(code)));
  try {
    const signIn = `http://127.0.0.1:${port}/signin`;
    await until('the web server', async () => (await fetch(signIn)).status === 200, 120_000);
    const workerOf = () => descendants(launcher.pid!).find((p) => p.command.includes('workers/worker.ts'));
    const first = await until('the worker', workerOf, 30_000);
    await until('the worker to serve its jobs', () => / serving /.test(output), 60_000);

    process.kill(first.pid, 'SIGKILL');
    const answers: number[] = [];
    const second = await until(
      'a new worker',
      async () => {
        answers.push((await fetch(signIn)).status);
        const worker = workerOf();
        return worker && worker.pid !== first.pid ? worker : null;
      },
      30_000,
    );
    assert.ok(answers.length > 0 && answers.every((status) => status === 200), `the web server answered throughout: ${answers}`);
    assert.notEqual(second.pid, first.pid);
    assert.match(output, /worker 1 exited \(SIGKILL\); starting it again in 1 s/);
    assert.equal(launcher.exitCode, null, 'the launcher is still running');
    assert.equal((await fetch(signIn)).status, 200);

    const everyone = descendants(launcher.pid!).map((p) => p.pid);
    launcher.kill('SIGTERM');
    assert.equal(await exited, 0, output.slice(-2000));
    assert.doesNotMatch(output, /57P01|terminating connection due to administrator command/, 'no client saw the database go away under it');
    for (const pid of everyone) {
      assert.throws(() => process.kill(pid, 0), `process ${pid} was stopped`);
    }
  } finally {
    if (launcher.exitCode === null) {
      // A failed test must not leave the launcher's children running (they hold this file's output open).
      for (const child of descendants(launcher.pid!)) {
        try {
          process.kill(child.pid, 'SIGKILL');
        } catch {}
      }
      launcher.kill('SIGKILL');
    }
    rmSync(dataDir, { recursive: true, force: true });
  }
});
