import { spawn } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';

export type MediaTool = 'ffmpeg' | 'ffprobe';

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
 * Input options for a file that came from outside (an upload, or a file
 * derived from one): only that local file is opened (no other protocol, so
 * no http, no pipe, no fd), and only as one of the allowed containers.
 * Options that belong before `-i` (such as `-ss`) go before these.
 */
export function recordingInput(location: string): string[] {
  return ['-protocol_whitelist', 'file', '-format_whitelist', RECORDING_FORMATS.join(','), '-i', `file:${location}`];
}

/** Input options for a photo piped on stdin: nothing but stdin is read, and only as a still image. */
export function photoInput(): string[] {
  return ['-protocol_whitelist', 'pipe', '-format_whitelist', PHOTO_FORMATS.join(','), '-i', 'pipe:0'];
}

/**
 * Every input names the protocols it may use and its format (a whitelist of
 * them, or one forced with -f): ffmpeg's defaults would let a playlist or a
 * list inside a file open other files or addresses. Enforced here, in the one
 * place the tools start, so no caller can forget it.
 */
function assertRestrictedInputs(args: string[]): void {
  let since = 0;
  for (let i = 0; i < args.length; i++) {
    if (args[i] !== '-i') continue;
    const options = args.slice(since, i);
    const restricted = options.includes('-protocol_whitelist') && (options.includes('-format_whitelist') || options.includes('-f'));
    if (!restricted) throw new Error(`ffmpeg input ${args[i + 1]} has no protocol and format whitelist (use recordingInput or photoInput)`);
    since = i + 2;
  }
  if (since === 0) throw new Error('ffmpeg/ffprobe must be given their input with -i (use recordingInput or photoInput)');
}

export type ToolExit = { code: number; stderr: string };

export interface ToolProcess {
  stdout: Readable;
  /** The tool's stdin, when it was started with `stdin: 'stream'` (frames written as they are made). */
  stdin: Writable | null;
  /** Further output pipes, file descriptors 3, 4, … (ffmpeg's `pipe:3`…), when asked for. */
  outputs: Readable[];
  /** The exit code and the last 4,000 characters of stderr; rejects only when the tool cannot be started. */
  exit: Promise<ToolExit>;
  /** Ends the process now (its reader stopped early or failed); a no-op once it has exited. */
  stop(): void;
}

/**
 * The one place LessonLens starts ffmpeg or ffprobe: every caller streams or
 * collects stdout (or extra pipes) and reads the exit code and stderr tail
 * from here, so a failure always carries the tool's last words.
 */
export function startTool(command: MediaTool, args: string[], options: { stdin?: Buffer | 'stream'; outputs?: number; signal?: AbortSignal; timeoutMs?: number } = {}): ToolProcess {
  assertRestrictedInputs(args);
  const extra = Array.from({ length: options.outputs ?? 0 }, () => 'pipe' as const);
  const child = spawn(command, args, { stdio: [options.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe', ...extra] });
  let stderr = '';
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (text: string) => (stderr = (stderr + text).slice(-4000)));
  // A hostile file must not hold a request or a worker forever.
  const timer = options.timeoutMs
    ? setTimeout(() => {
        stderr += `\n(stopped after ${options.timeoutMs} ms)`;
        child.kill('SIGKILL');
      }, options.timeoutMs)
    : undefined;
  const exit = new Promise<ToolExit>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code: code ?? 1, stderr }));
  }).finally(() => clearTimeout(timer));
  exit.catch(() => undefined);
  if (options.stdin && child.stdin) {
    child.stdin.on('error', () => undefined);
    if (options.stdin !== 'stream') child.stdin.end(options.stdin);
  }
  const stop = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  // A cancelled stage ends its ffmpeg at once instead of letting it finish a file nobody will read.
  options.signal?.addEventListener('abort', stop, { once: true });
  exit.finally(() => options.signal?.removeEventListener('abort', stop)).catch(() => undefined);
  return { stdout: child.stdout!, stdin: options.stdin === 'stream' ? child.stdin : null, outputs: extra.map((_, i) => child.stdio[3 + i] as Readable), exit, stop };
}

/** Calls `onTime` with the seconds of input ffmpeg has processed, from its `-progress` lines. */
function readProgress(stream: Readable, onTime: (seconds: number) => void): void {
  let pending = '';
  stream.setEncoding('utf8');
  stream.on('data', (text: string) => {
    const lines = (pending + text).split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      const match = /^out_time_us=(\d+)/.exec(line);
      if (match) onTime(Number(match[1]) / 1e6);
    }
  });
}

/** Throws `${what} (exit N): <stderr tail>` unless the tool exited 0. */
export async function succeeded(tool: ToolProcess, what: string): Promise<void> {
  const { code, stderr } = await tool.exit;
  if (code !== 0) throw new Error(`${what} (exit ${code}): ${stderr.trim()}`);
}

type FfmpegOptions = { signal?: AbortSignal; onTime?: (seconds: number) => void };

/** ffmpeg with `-progress` on its own pipe when `onTime` is given (it then hears every second how far it is). */
function startFfmpeg(args: string[], options: FfmpegOptions): ToolProcess {
  const progress = options.onTime ? ['-progress', 'pipe:3', '-stats_period', '1'] : [];
  const tool = startTool('ffmpeg', ['-nostdin', '-hide_banner', '-loglevel', 'error', ...progress, ...args], { outputs: progress.length ? 1 : 0, signal: options.signal });
  if (options.onTime) readProgress(tool.outputs[0], options.onTime);
  return tool;
}

/**
 * Runs ffmpeg with its output on stdout, for streaming into storage or a
 * decoder. `done` rejects with ffmpeg's last error lines when it fails (or
 * was stopped by `signal`); `onTime` hears every second how far it is.
 */
export function ffmpegStdout(args: string[], options: FfmpegOptions = {}): { stdout: Readable; done: Promise<void> } {
  const tool = startFfmpeg([...args, 'pipe:1'], options);
  return { stdout: tool.stdout, done: succeeded(tool, 'ffmpeg failed') };
}

/** Like ffmpegStdout, into a local file: for outputs that must be seekable, such as an MP4 whose index goes first. */
export function ffmpegToFile(args: string[], file: string, options: FfmpegOptions = {}): Promise<void> {
  return succeeded(startFfmpeg([...args, file], options), 'ffmpeg failed');
}

export type ToolResult = { code: number; stdout: Buffer; stderr: string };

/** Runs ffmpeg or ffprobe to completion, collecting stdout (for small outputs: JSON, one image); killed after `timeoutMs`. */
export async function runTool(command: MediaTool, args: string[], options: { stdin?: Buffer; timeoutMs?: number } = {}): Promise<ToolResult> {
  const tool = startTool(command, args, options);
  const out: Buffer[] = [];
  tool.stdout.on('data', (chunk: Buffer) => out.push(chunk));
  const { code, stderr } = await tool.exit;
  return { code, stdout: Buffer.concat(out), stderr };
}

/** Like runTool, but a failure (non-zero exit or no output) is an error carrying the tool's last words. */
export async function runToolOutput(command: MediaTool, args: string[], stdin?: Buffer): Promise<Buffer> {
  const { code, stdout, stderr } = await runTool(command, args, { stdin });
  if (code !== 0 || stdout.length === 0) throw new Error(`${command} failed (${code}): ${stderr.trim().slice(-500)}`);
  return stdout;
}
