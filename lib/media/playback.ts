import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runTool, startTool, succeeded } from './ffmpeg';
import type { AudioStreamFacts, VideoStreamFacts } from './stream-facts';

/**
 * The browser-playable copy of a recording: whatever was uploaded (HEVC,
 * MKV, AVI, a phone's rotated video), H.264 + AAC in an MP4 whose index
 * comes first (+faststart, so playback and seeking start before the whole
 * file arrives), the shorter side at most 720 pixels; sound only becomes
 * AAC in MP4. Browsers play these everywhere; the upload itself is never
 * sent to a browser.
 */
export const PLAYBACK_MAX_SHORT_SIDE = 720;

export type PlaybackKind = { name: 'playback.mp4'; type: 'video/mp4' } | { name: 'playback.m4a'; type: 'audio/mp4' };

export function playbackKind(video: VideoStreamFacts | null): PlaybackKind {
  return video ? { name: 'playback.mp4', type: 'video/mp4' } : { name: 'playback.m4a', type: 'audio/mp4' };
}

/**
 * Whether the picture can go into the copy as it is: already H.264 in 8-bit
 * 4:2:0 (what every browser decodes), not turned by metadata, and no more
 * than 720 pixels on its short side. Then only the sound is encoded again.
 */
export function pictureFitsAsIs(video: VideoStreamFacts, pixelFormat: string | null): boolean {
  return (
    video.codec === 'h264' &&
    (pixelFormat === 'yuv420p' || pixelFormat === 'yuvj420p') &&
    video.rotation === 0 &&
    Math.min(video.width, video.height) <= PLAYBACK_MAX_SHORT_SIDE
  );
}

/** ffmpeg output arguments for the copy (inputs come first, from the caller). */
export function playbackArgs(streams: { video: VideoStreamFacts | null; audio: AudioStreamFacts | null }, copyPicture = false): string[] {
  const audio = streams.audio ? ['-map', '0:a:0', '-c:a', 'aac', '-b:a', streams.video ? '128k' : '96k', '-ac', '2'] : [];
  if (!streams.video) return ['-vn', ...audio, '-movflags', '+faststart', '-f', 'mp4'];
  if (copyPicture) return ['-map', '0:v:0', ...audio, '-c:v', 'copy', '-movflags', '+faststart', '-f', 'mp4'];
  const s = PLAYBACK_MAX_SHORT_SIDE;
  // Landscape: height ≤ 720; portrait (after autorotation): width ≤ 720; -2 keeps the other side even, as H.264 needs.
  const scale = `scale='if(gte(iw,ih),-2,min(${s},iw))':'if(gte(iw,ih),min(${s},ih),-2)',format=yuv420p`;
  return [
    '-map', '0:v:0', ...audio,
    '-vf', scale,
    // superfast: a preview copy of a lesson, where an hour has to be ready within minutes on two cores.
    '-c:v', 'libx264', '-preset', 'superfast', '-crf', '23', '-profile:v', 'high',
    '-movflags', '+faststart', '-f', 'mp4',
  ];
}

/**
 * Transcodes `input` (ffmpeg input arguments) into a temporary file (faststart
 * needs a seekable output), hands it to `store` as a stream, then removes it.
 * `onProgress` gets the share of `durationS` done, about once a second.
 */
export async function makePlaybackCopy(options: {
  input: string[];
  streams: { video: VideoStreamFacts | null; audio: AudioStreamFacts | null };
  durationS: number;
  store(body: NodeJS.ReadableStream): Promise<void>;
  onProgress?(fraction: number): Promise<void>;
}): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'lessonlens-playback-'));
  const file = path.join(dir, 'copy.mp4');
  try {
    const copyPicture = !!options.streams.video && pictureFitsAsIs(options.streams.video, await pixelFormat(options.input));
    const tool = startTool('ffmpeg', ['-nostdin', '-hide_banner', '-loglevel', 'error', '-nostats', '-progress', 'pipe:1', ...options.input, ...playbackArgs(options.streams, copyPicture), file]);
    let last = 0;
    let failure: unknown;
    tool.stdout.setEncoding('utf8');
    tool.stdout.on('data', (text: string) => {
      const match = text.match(/out_time_us=(\d+)/g)?.pop();
      if (!match || !options.onProgress || Date.now() - last < 1000) return;
      last = Date.now();
      options.onProgress(Math.min(1, Number(match.split('=')[1]) / 1e6 / Math.max(1, options.durationS))).catch((error) => {
        failure = error;
        tool.stop();
      });
    });
    await succeeded(tool, 'The playable copy could not be made').catch((error) => {
      throw failure ?? error;
    });
    if (failure) throw failure;
    await options.store(createReadStream(file));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The first picture stream's pixel format, read by ffprobe from the same input arguments (null when it cannot tell). */
async function pixelFormat(input: string[]): Promise<string | null> {
  const { code, stdout } = await runTool('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=pix_fmt', '-of', 'csv=p=0', ...input]);
  return code === 0 ? stdout.toString().trim() || null : null;
}
