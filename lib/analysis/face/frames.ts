import { readFile } from 'node:fs/promises';
import { photoInput, recordingInput, runToolOutput, startTool, succeeded } from '../../media/ffmpeg';
import { probeMedia } from '../../media/probe';
import { CUT_FPS, CUT_GRID, CutDetector } from './shotCuts';

export interface VideoInfo {
  durationS: number;
  hasVideo: boolean;
  /** Display size after rotation metadata is applied (what ffmpeg's autorotate outputs). */
  width: number;
  height: number;
  rotation: number;
}

export interface RgbFrame {
  /** Seconds from the start of the video. */
  timeS: number;
  width: number;
  height: number;
  /** Packed RGB24, row-major, width * height * 3 bytes. */
  data: Uint8Array;
  /**
   * With `detectCuts`: this frame is the first of a new shot (a hard cut
   * fell between the picture the previous frame shows and the one it shows).
   */
  cutBefore?: boolean;
}

export interface FrameStreamOptions {
  videoPath: string;
  startS: number;
  endS: number;
  fps: number;
  /** Output width; never upscaled beyond the video's own display width. */
  width: number;
  /** Also watch the picture at CUT_FPS for hard cuts and mark the frames that follow one (`cutBefore`). */
  detectCuts?: boolean;
}

/** Duration and displayed picture size of a video (what the frame stream decodes). */
export async function probeVideo(videoPath: string): Promise<VideoInfo> {
  const facts = await probeMedia(videoPath);
  if (!facts) throw new Error(`ffprobe could not read ${videoPath}`);
  const video = facts.video;
  if (!video) return { durationS: facts.durationSeconds, hasVideo: false, width: 0, height: 0, rotation: 0 };
  return { durationS: facts.durationSeconds, hasVideo: true, width: video.displayWidth, height: video.displayHeight, rotation: video.rotation };
}

/** Output size for a requested width: no upscaling, even dimensions (needed by scale/rawvideo consumers). */
export function frameSize(info: VideoInfo, requestedWidth: number): { width: number; height: number } {
  const width = 2 * Math.round(Math.min(requestedWidth, info.width) / 2);
  const height = 2 * Math.round((width * info.height) / info.width / 2);
  return { width, height };
}

/** Splits a byte stream into fixed-size frames. */
async function* fixedFrames(stream: AsyncIterable<Buffer>, frameBytes: number): AsyncGenerator<Uint8Array> {
  // Pipe chunks are copied once into the frame being filled (concatenating them cost a copy of the frame per chunk).
  let frame = Buffer.allocUnsafe(frameBytes);
  let filled = 0;
  for await (const chunk of stream) {
    let at = 0;
    while (at < chunk.length) {
      const taken = chunk.copy(frame, filled, at, Math.min(chunk.length, at + frameBytes - filled));
      filled += taken;
      at += taken;
      if (filled < frameBytes) break;
      yield new Uint8Array(frame.buffer, frame.byteOffset, frameBytes);
      frame = Buffer.allocUnsafe(frameBytes);
      filled = 0;
    }
  }
}

/**
 * Pulls up to `depth` items ahead of the consumer. The frame stream needs it
 * when it watches for cuts: a frame waits for the cut stream to pass it, and
 * ffmpeg may write the next pictures (far more than the pipe holds) before
 * the cut frames that would end the wait.
 */
async function* readAhead<T>(source: AsyncIterable<T>, depth: number): AsyncGenerator<T> {
  const items = source[Symbol.asyncIterator]();
  const queue: Promise<IteratorResult<T>>[] = [];
  try {
    for (;;) {
      while (queue.length <= depth) queue.push(items.next());
      const next = await queue.shift()!;
      if (next.done) return;
      yield next.value;
    }
  } finally {
    await items.return?.();
  }
}

/**
 * Reads the small cut-watching stream as fast as ffmpeg writes it (it is
 * tiny: 576 bytes per frame), so ffmpeg never blocks on it, and answers
 * whether a cut fell in a time interval once the stream has passed it.
 */
class CutWatch {
  private readonly cuts: number[] = [];
  private reachedS = -Infinity;
  private ended = false;
  private waiting: Array<() => void> = [];
  private failure: unknown = null;

  constructor(stream: AsyncIterable<Buffer>, private readonly startS: number) {
    void this.read(stream);
  }

  private async read(stream: AsyncIterable<Buffer>): Promise<void> {
    const detector = new CutDetector();
    const at = (index: number) => this.startS + index / CUT_FPS;
    try {
      let index = -1;
      for await (const frame of fixedFrames(stream, CUT_GRID[0] * CUT_GRID[1])) {
        index++;
        const cut = detector.push(frame);
        if (cut !== null) this.cuts.push(at(cut));
        // A cut at frame k is known once frame k + 1 is in.
        this.reachedS = at(index - 1);
        this.wake();
      }
      const last = detector.finish();
      if (last !== null) this.cuts.push(at(last));
    } catch (error) {
      this.failure = error;
    }
    this.ended = true;
    this.wake();
  }

  private wake(): void {
    const waiting = this.waiting;
    this.waiting = [];
    for (const resolve of waiting) resolve();
  }

  /** Whether a cut was found at a time in [fromS, toS); waits until the stream has been read up to toS. */
  async cutBetween(fromS: number, toS: number): Promise<boolean> {
    while (!this.ended && this.reachedS < toS - 1e-6) await new Promise<void>((resolve) => this.waiting.push(resolve));
    if (this.failure) throw this.failure;
    return this.cuts.some((c) => c > fromS - 1e-6 && c < toS - 1e-6);
  }
}

/**
 * Streams raw RGB frames from ffmpeg at a fixed rate; nothing touches the
 * disk. The fps filter resamples variable-frame-rate input onto a regular
 * clock, and ffmpeg's default autorotate honours phone rotation metadata.
 * Backpressure: ffmpeg's stdout is only read as fast as frames are consumed,
 * so memory stays at a few frames whatever the length. With
 * `detectCuts`, the same ffmpeg also writes the picture at 32×18 grey,
 * 10 frames/s, to a second pipe, read one frame interval ahead of startS so
 * a cut just before the first frame is seen too.
 */
/** Pictures read ahead while a frame waits for the cut stream (see readAhead). */
const PICTURES_AHEAD = 2;

export async function* streamFrames(options: FrameStreamOptions, info?: VideoInfo): AsyncGenerator<RgbFrame> {
  const video = info ?? (await probeVideo(options.videoPath));
  if (!video.hasVideo) return;
  const { width, height } = frameSize(video, options.width);
  const frameBytes = width * height * 3;
  const interval = 1 / options.fps;
  const leadS = options.detectCuts ? Math.min(options.startS, interval) : 0;
  const fromS = options.startS - leadS;
  const picture = `fps=${options.fps}:start_time=0,scale=${width}:${height}:flags=bilinear`;
  const filters = options.detectCuts
    ? ['-filter_complex', `[0:v]split=2[a][b];[a]${picture}[out];[b]fps=${CUT_FPS}:start_time=0:round=down,scale=${CUT_GRID[0]}:${CUT_GRID[1]}:flags=area,format=gray[cuts]`, '-map', '[out]']
    : ['-an', '-sn', '-vf', picture];
  const args = [
    '-nostdin', '-v', 'error',
    '-ss', String(fromS),
    '-t', String(options.endS - fromS),
    ...recordingInput(options.videoPath),
    ...filters,
    '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1',
    ...(options.detectCuts ? ['-map', '[cuts]', '-f', 'rawvideo', 'pipe:3'] : []),
  ];
  const proc = startTool('ffmpeg', args, { outputs: options.detectCuts ? 1 : 0 });
  const cuts = options.detectCuts ? new CutWatch(proc.outputs[0], fromS) : null;
  let index = 0;
  try {
    for await (const data of readAhead(fixedFrames(proc.stdout, frameBytes), options.detectCuts ? PICTURES_AHEAD : 0)) {
      const timeS = fromS + index / options.fps;
      index++;
      if (timeS < options.startS - 1e-6 || timeS >= options.endS) continue;
      const frame: RgbFrame = { timeS, width, height, data };
      // The fps filter rounds to the nearest tick: frame k shows the last picture before k + interval/2, so a cut in the
      // half interval after k is already on it. The cut stream rounds down: a cut found at time c fell in [c, c + 1/CUT_FPS).
      // Frame k is the first of a new shot exactly when the cut was found in [k − interval/2, k + interval/2).
      if (cuts) frame.cutBefore = await cuts.cutBetween(timeS - interval / 2, timeS + interval / 2);
      yield frame;
    }
    await succeeded(proc, 'ffmpeg frame decode failed');
  } finally {
    proc.stop();
  }
}

export interface RgbImage {
  width: number;
  height: number;
  data: Uint8Array;
}

/**
 * Decodes a still image (JPEG, PNG, WebP, BMP) to RGB24 via a PPM pipe, which
 * carries its own size. The image always reaches ffmpeg on stdin, read as a
 * still image only, so a photo's bytes can never make it open anything else.
 */
export async function decodeImage(source: string | Buffer): Promise<RgbImage> {
  const bytes = typeof source === 'string' ? await readFile(source) : source;
  const ppm = await runToolOutput(
    'ffmpeg',
    ['-v', 'error', ...photoInput(), '-frames:v', '1', '-pix_fmt', 'rgb24', '-f', 'image2pipe', '-c:v', 'ppm', 'pipe:1'],
    bytes,
  );
  // PPM header: "P6\n<width> <height>\n<maxval>\n" then raw bytes.
  const fields: string[] = [];
  let offset = 0;
  while (fields.length < 4) {
    while (/\s/.test(String.fromCharCode(ppm[offset]))) offset++;
    const start = offset;
    while (!/\s/.test(String.fromCharCode(ppm[offset]))) offset++;
    fields.push(ppm.subarray(start, offset).toString());
  }
  offset++;
  const [magic, w, h] = fields;
  if (magic !== 'P6') throw new Error(`unexpected image decode output ${magic}`);
  const width = Number(w);
  const height = Number(h);
  return { width, height, data: new Uint8Array(ppm.subarray(offset, offset + width * height * 3)) };
}
