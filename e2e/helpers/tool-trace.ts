import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export type ToolRun = { tool: string; args: string[]; trace: string | null };

function onPath(command: string): string | null {
  try {
    return execFileSync('sh', ['-c', `command -v ${command}`]).toString().trim() || null;
  } catch {
    return null;
  }
}

/** Whether runs are traced with strace (absent on some machines: then only the arguments are checked). */
export const hasStrace = onPath('strace') !== null;

/**
 * Puts `ffmpeg` and `ffprobe` wrappers first on a PATH: each run records its
 * arguments and, where strace exists, every file it opens and every socket
 * call it makes (threads and children included). The product code is not
 * touched: it finds the wrappers as it would find the tools.
 */
export function traceTools(dir: string): { binDir: string; runs(): ToolRun[] } {
  const binDir = path.join(dir, 'bin');
  const logDir = path.join(dir, 'runs');
  mkdirSync(binDir, { recursive: true });
  mkdirSync(logDir, { recursive: true });
  for (const tool of ['ffmpeg', 'ffprobe']) {
    const real = onPath(tool);
    if (!real) throw new Error(`${tool} is not installed`);
    const trace = hasStrace ? `exec strace -f -qq --seccomp-bpf -e trace=open,openat,openat2,creat,socket,connect,bind,listen -o "$log.trace" ${real} "$@"` : `exec ${real} "$@"`;
    writeFileSync(
      path.join(binDir, tool),
      `#!/bin/sh\nlog="${logDir}/${tool}-$$-$(date +%s%N)"\nfor arg in "$@"; do printf '%s\\0' "$arg"; done > "$log.args"\n${trace}\n`,
    );
    chmodSync(path.join(binDir, tool), 0o755);
  }
  return {
    binDir,
    runs: () =>
      readdirSync(logDir)
        .filter((name) => name.endsWith('.args'))
        .map((name) => {
          const base = path.join(logDir, name.slice(0, -'.args'.length));
          let trace: string | null = null;
          try {
            trace = readFileSync(`${base}.trace`, 'utf8');
          } catch {}
          return { tool: name.split('-')[0], args: readFileSync(`${base}.args`, 'utf8').split('\0').slice(0, -1), trace };
        }),
  };
}

/** Paths a traced run tried to open (successfully or not). */
export function openedPaths(trace: string): string[] {
  return [...trace.matchAll(/\b(?:open|openat|openat2|creat)\((?:[^,"]*, )?"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]);
}

/** Socket calls in a trace: an ffmpeg reading a local file makes none. */
export function socketCalls(trace: string): string[] {
  return trace.split('\n').filter((line) => /\b(socket|connect|bind|listen)\(/.test(line));
}
