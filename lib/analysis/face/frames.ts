import { readFile } from 'node:fs/promises';
import { photoInput, recordingInput, runToolOutput, startTool, succeeded } from '../../media/ffmpeg';
import { probeMedia } from '../../media/probe';

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
}

export interface FrameStreamOptions {
  videoPath: string;
  startS: number;
  endS: number;
  fps: number;
  /** Output width; never upscaled beyond the video's own display width. */
  width: number;
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

/**
 * Streams raw RGB frames from ffmpeg at a fixed rate; nothing touches the
 * disk. The fps filter resamples variable-frame-rate input onto a regular
 * clock, and ffmpeg's default autorotate honours phone rotation metadata.
 * Backpressure: ffmpeg's stdout is only read as fast as frames are consumed,
 * so memory stays at a couple of frames whatever the length.
 */
export async function* streamFrames(options: FrameStreamOptions, info?: VideoInfo): AsyncGenerator<RgbFrame> {
  const video = info ?? (await probeVideo(options.videoPath));
  if (!video.hasVideo) return;
  const { width, height } = frameSize(video, options.width);
  const frameBytes = width * height * 3;
  const args = [
    '-nostdin', '-v', 'error',
    '-ss', String(options.startS),
    '-t', String(options.endS - options.startS),
    ...recordingInput(options.videoPath),
    '-an', '-sn',
    '-vf', `fps=${options.fps}:start_time=0,scale=${width}:${height}:flags=bilinear`,
    '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1',
  ];
  const proc = startTool('ffmpeg', args);
  // Pipe chunks are copied once into the frame being filled (concatenating them cost a copy of the frame per chunk).
  let frame = Buffer.allocUnsafe(frameBytes);
  let filled = 0;
  let index = 0;
  try {
    for await (const chunk of proc.stdout as AsyncIterable<Buffer>) {
      let at = 0;
      while (at < chunk.length) {
        const taken = chunk.copy(frame, filled, at, Math.min(chunk.length, at + frameBytes - filled));
        filled += taken;
        at += taken;
        if (filled < frameBytes) break;
        const data = new Uint8Array(frame.buffer, frame.byteOffset, frameBytes);
        frame = Buffer.allocUnsafe(frameBytes);
        filled = 0;
        const timeS = options.startS + index / options.fps;
        index++;
        if (timeS >= options.endS) continue;
        yield { timeS, width, height, data };
      }
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
