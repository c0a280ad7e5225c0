import { spawn } from 'node:child_process';
import type { Readable } from 'node:stream';

/**
 * Runs ffmpeg with its output on stdout, for streaming into storage or a
 * decoder. `done` rejects with ffmpeg's last error lines when it fails.
 */
export function ffmpegStdout(args: string[]): { stdout: Readable; done: Promise<void> } {
  const child = spawn('ffmpeg', ['-nostdin', '-hide_banner', '-loglevel', 'error', ...args, 'pipe:1'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr = (stderr + chunk).slice(-2000)));
  const done = new Promise<void>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`ffmpeg failed (${code}): ${stderr.trim()}`))));
  });
  return { stdout: child.stdout, done };
}

export type ToolResult = { code: number; stdout: Buffer; stderr: string };

/** Runs ffmpeg or ffprobe to completion, collecting stdout (for small outputs: JSON, one image). */
export function runTool(command: 'ffmpeg' | 'ffprobe', args: string[], stdin?: Buffer): Promise<ToolResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: [stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let stderr = '';
    child.stdout!.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr!.on('data', (chunk) => (stderr = (stderr + chunk).slice(-4000)));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, stdout: Buffer.concat(out), stderr }));
    if (stdin && child.stdin) {
      child.stdin.on('error', () => undefined);
      child.stdin.end(stdin);
    }
  });
}

/** Like runTool, but a failure (non-zero exit or no output) is an error carrying the tool's last words. */
export async function runToolOutput(command: 'ffmpeg' | 'ffprobe', args: string[], stdin?: Buffer): Promise<Buffer> {
  const { code, stdout, stderr } = await runTool(command, args, stdin);
  if (code !== 0 || stdout.length === 0) throw new Error(`${command} failed (${code}): ${stderr.trim().slice(-500)}`);
  return stdout;
}
