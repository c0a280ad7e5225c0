import { spawn } from 'node:child_process';
import type { Readable } from 'node:stream';

/**
 * The containers a recording may come in, as ffmpeg demuxer names ('mov'
 * covers mp4/m4a/3gp, 'matroska' covers webm, 'aac' is ADTS, 'mpeg' is
 * MPEG-PS from camcorders, 'asf' is wmv/wma). Playlists (hls, dash),
 * concat lists, image sequences, tty/text, subtitles, network formats (sdp,
 * rtsp) and single images are not among them, so ffmpeg never follows a
 * reference inside an uploaded file to another file or address.
 */
export const RECORDING_FORMATS = ['mov', 'matroska', 'avi', 'mpegts', 'mpeg', 'mp3', 'wav', 'ogg', 'flac', 'aac', 'asf'] as const;

/** Still images a reference photo may be, as ffmpeg demuxer names of a piped image. */
export const PHOTO_FORMATS = ['jpeg_pipe', 'png_pipe', 'webp_pipe', 'bmp_pipe'] as const;

/**
 * ffmpeg/ffprobe input options for a file that came from outside (an upload,
 * or a file derived from one): only that local file is opened (no other
 * protocol, so no http, no pipe, no fd), and only as one of the allowed
 * containers. Options that belong before `-i` (such as `-ss`) go before these.
 */
export function recordingInput(location: string): string[] {
  return ['-protocol_whitelist', 'file', '-format_whitelist', RECORDING_FORMATS.join(','), '-i', `file:${location}`];
}

/** Input options for a photo piped on stdin: nothing but stdin is read, and only as a still image. */
export function photoInput(): string[] {
  return ['-protocol_whitelist', 'pipe', '-format_whitelist', PHOTO_FORMATS.join(','), '-i', 'pipe:0'];
}

/** Thrown with the tool's last words, which name server paths: for the log, never for a person. */
export class ToolFailed extends Error {
  constructor(
    readonly command: string,
    readonly code: number | null,
    readonly stderr: string,
  ) {
    super(`${command} failed (${code}): ${stderr.trim().slice(-500)}`);
  }
}

/**
 * Runs ffmpeg with its output on stdout, for streaming into storage or a
 * decoder. `done` rejects with a ToolFailed when it fails.
 */
export function ffmpegStdout(args: string[]): { stdout: Readable; done: Promise<void> } {
  const child = spawn('ffmpeg', ['-nostdin', '-hide_banner', '-loglevel', 'error', ...args, 'pipe:1'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr = (stderr + chunk).slice(-2000)));
  const done = new Promise<void>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new ToolFailed('ffmpeg', code, stderr))));
  });
  return { stdout: child.stdout, done };
}

export type ToolResult = { code: number; stdout: Buffer; stderr: string };

/**
 * Runs ffmpeg or ffprobe to completion, collecting stdout (for small outputs:
 * JSON, one image). A run longer than `timeoutMs` is killed and counts as a
 * failure (a hostile file must not hold a request or a worker forever).
 */
export function runTool(command: 'ffmpeg' | 'ffprobe', args: string[], options: { stdin?: Buffer; timeoutMs?: number } = {}): Promise<ToolResult> {
  const { stdin, timeoutMs = 10 * 60_000 } = options;
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: [stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let stderr = '';
    const timer = setTimeout(() => {
      stderr += `\n(stopped after ${timeoutMs} ms)`;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.stdout!.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr!.on('data', (chunk) => (stderr = (stderr + chunk).slice(-4000)));
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 1, stdout: Buffer.concat(out), stderr });
    });
    if (stdin && child.stdin) {
      child.stdin.on('error', () => undefined);
      child.stdin.end(stdin);
    }
  });
}

/** Like runTool, but a failure (non-zero exit or no output) is a ToolFailed. */
export async function runToolOutput(command: 'ffmpeg' | 'ffprobe', args: string[], stdin?: Buffer): Promise<Buffer> {
  const { code, stdout, stderr } = await runTool(command, args, { stdin });
  if (code !== 0 || stdout.length === 0) throw new ToolFailed(command, code, stderr);
  return stdout;
}
