import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startTool, succeeded } from './ffmpeg';
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

/** ffmpeg output arguments for the copy (inputs come first, from the caller). */
export function playbackArgs(streams: { video: VideoStreamFacts | null; audio: AudioStreamFacts | null }): string[] {
  const audio = streams.audio ? ['-map', '0:a:0', '-c:a', 'aac', '-b:a', streams.video ? '128k' : '96k', '-ac', '2'] : [];
  if (!streams.video) return ['-vn', ...audio, '-movflags', '+faststart', '-f', 'mp4'];
  const s = PLAYBACK_MAX_SHORT_SIDE;
  // Landscape: height ≤ 720; portrait (after autorotation): width ≤ 720; -2 keeps the other side even, as H.264 needs.
  const scale = `scale='if(gte(iw,ih),-2,min(${s},iw))':'if(gte(iw,ih),min(${s},ih),-2)',format=yuv420p`;
  return [
    '-map', '0:v:0', ...audio,
    '-vf', scale,
    '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '23', '-profile:v', 'high',
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
    const tool = startTool('ffmpeg', ['-nostdin', '-hide_banner', '-loglevel', 'error', '-nostats', '-progress', 'pipe:1', ...options.input, ...playbackArgs(options.streams), file]);
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
