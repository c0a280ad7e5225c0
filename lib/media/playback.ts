import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { ffmpegToFile, recordingInput, runTool } from './ffmpeg';
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

export const PLAYBACK_FILE_NAMES: readonly PlaybackKind['name'][] = ['playback.mp4', 'playback.m4a'];

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

/**
 * ffmpeg output arguments for the copy (inputs come first, from the caller):
 * the picture from input 0, the sound from input `soundInput` (the blurred
 * copy pipes its frames in as input 0 and takes the sound from the recording).
 */
export function playbackArgs(
  streams: { video: VideoStreamFacts | null; audio: AudioStreamFacts | null },
  options: { copyPicture?: boolean; soundInput?: number } = {},
): string[] {
  const audio = streams.audio ? ['-map', `${options.soundInput ?? 0}:a:0`, '-c:a', 'aac', '-b:a', streams.video ? '128k' : '96k', '-ac', '2'] : [];
  if (!streams.video) return ['-vn', ...audio, '-movflags', '+faststart', '-f', 'mp4'];
  if (options.copyPicture) return ['-map', '0:v:0', ...audio, '-c:v', 'copy', '-movflags', '+faststart', '-f', 'mp4'];
  const s = PLAYBACK_MAX_SHORT_SIDE;
  // Landscape: height ≤ 720; portrait (after autorotation): width ≤ 720. H.264 in 4:2:0 needs both sides even and
  // at least 2: the short side is rounded down to even (never below 2, a 1×1 picture exists), -2 keeps the other even.
  const short = (side: string) => `max(2,trunc(min(${s},${side})/2)*2)`;
  const scale = `scale='if(gte(iw,ih),-2,${short('iw')})':'if(gte(iw,ih),${short('ih')},-2)',format=yuv420p`;
  return [
    '-map', '0:v:0', ...audio,
    '-vf', scale,
    // superfast: a preview copy of a lesson, where an hour has to be ready within minutes on two cores.
    '-c:v', 'libx264', '-preset', 'superfast', '-crf', '23', '-profile:v', 'high',
    '-movflags', '+faststart', '-f', 'mp4',
  ];
}

/**
 * Transcodes the recording at `location` into a temporary file (faststart
 * needs a seekable output), no longer than `durationS` (what the upload check
 * found, whatever the header says), hands it to `store` as a stream, then
 * removes it. `onProgress` hears the share done about once a second.
 */
export async function makePlaybackCopy(options: {
  location: string;
  streams: { video: VideoStreamFacts | null; audio: AudioStreamFacts | null };
  durationS: number;
  store(body: Readable): Promise<void>;
  onProgress?(fraction: number): void;
  signal?: AbortSignal;
}): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'lessonlens-playback-'));
  const file = path.join(dir, 'copy.mp4');
  try {
    const input = recordingInput(options.location);
    const copyPicture = !!options.streams.video && pictureFitsAsIs(options.streams.video, await pixelFormat(input));
    await ffmpegToFile([...input, '-t', String(options.durationS), ...playbackArgs(options.streams, { copyPicture })], file, {
      signal: options.signal,
      onTime: options.onProgress && ((seconds) => options.onProgress!(Math.min(1, seconds / Math.max(1, options.durationS)))),
    }).catch((error) => {
      throw new Error(`The playable copy could not be made: ${error instanceof Error ? error.message : String(error)}`);
    });
    await options.store(createReadStream(file));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The first picture stream's pixel format, read by ffprobe from the same input arguments (null when it cannot tell). */
async function pixelFormat(input: string[]): Promise<string | null> {
  const { code, stdout } = await runTool('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=pix_fmt', '-of', 'csv=p=0', ...input], { timeoutMs: 60_000 });
  return code === 0 ? stdout.toString().trim() || null : null;
}
