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
