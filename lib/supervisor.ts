import { spawn, type ChildProcess } from 'node:child_process';

export type ChildSpec = { name: string; command: string; args: string[]; env: NodeJS.ProcessEnv };

/** Restart delays double from the first to the last; a child that ran this long before exiting starts again at the first. */
const FIRST_RESTART_MS = 1000;
const MAX_RESTART_MS = 30_000;
const STABLE_MS = 60_000;

type Supervised = { spec: ChildSpec; child: ChildProcess; startedAt: number; delayMs: number; timer?: NodeJS.Timeout };

/**
 * Keeps child processes (the web server, workers) running: one that exits
 * while the supervisor is not stopping is started again after a delay that
 * doubles while it keeps failing. One child's death never takes the others
 * down. `stop` ends them all and resolves once every one has exited.
 */
export class Supervisor {
  private readonly children: Supervised[] = [];
  private stopping = false;

  start(spec: ChildSpec): void {
    const entry: Supervised = { spec, child: this.spawn(spec), startedAt: Date.now(), delayMs: FIRST_RESTART_MS };
    this.children.push(entry);
    this.watch(entry);
  }

  /** Process ids by child name (for tests and logs). */
  pids(): Array<{ name: string; pid: number | undefined }> {
    return this.children.map((entry) => ({ name: entry.spec.name, pid: entry.child.pid }));
  }

  private spawn(spec: ChildSpec): ChildProcess {
    return spawn(spec.command, spec.args, { stdio: 'inherit', env: spec.env });
  }

  private watch(entry: Supervised): void {
    entry.child.once('exit', (code, signal) => {
      if (this.stopping) return;
      if (Date.now() - entry.startedAt >= STABLE_MS) entry.delayMs = FIRST_RESTART_MS;
      console.error(`[launcher] ${entry.spec.name} exited (${signal ?? code}); starting it again in ${entry.delayMs / 1000} s`);
      entry.timer = setTimeout(() => {
        entry.timer = undefined;
        if (this.stopping) return;
        entry.child = this.spawn(entry.spec);
        entry.startedAt = Date.now();
        this.watch(entry);
      }, entry.delayMs);
      entry.delayMs = Math.min(MAX_RESTART_MS, entry.delayMs * 2);
    });
  }

  /** SIGTERM to every child, SIGKILL to those still running after `graceMs`; resolves when all have exited. */
  async stop(graceMs = 15_000): Promise<void> {
    this.stopping = true;
    await Promise.all(
      this.children.map(async (entry) => {
        clearTimeout(entry.timer);
        const { child } = entry;
        if (child.exitCode !== null || child.signalCode !== null) return;
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        child.kill('SIGTERM');
        const killer = setTimeout(() => child.kill('SIGKILL'), graceMs);
        await exited;
        clearTimeout(killer);
      }),
    );
  }
}
