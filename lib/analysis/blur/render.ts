import { once } from 'node:events';
import { recordingInput, startTool, succeeded } from '../../media/ffmpeg';
import { PLAYBACK_MAX_SHORT_SIDE, playbackArgs } from '../../media/playback';
import { probeMedia } from '../../media/probe';
import { streamFrames, type RgbFrame } from '../face/frames';
import type { PixelBox } from '../face/types';
import { blurRegion } from './mosaic';
import type { BlurPlan } from './plan';

/** Higher frame rates are halved to this (a lesson needs no 60 frames a second, the encoder would need twice the time). */
const MAX_FPS = 30;

export interface RenderedCopy {
  width: number;
  height: number;
  fps: number;
  frames: number;
  framesBlurred: number;
  regions: number;
}

/** Width of the frames to blur: the playback copy's size (shorter side at most 720 px, never upscaled), so its encoder settings apply as they are. */
function outputWidth(width: number, height: number): number {
  return width >= height ? Math.round(width * Math.min(1, PLAYBACK_MAX_SHORT_SIDE / height)) : Math.min(PLAYBACK_MAX_SHORT_SIDE, width);
}

/**
 * Writes the blurred copy of `videoPath` to `output` (a local file: faststart
 * rewrites it): every frame is decoded, the plan's regions for its moment are
 * blurred (mosaic.ts), and the frames go straight into the encoder with the
 * recording's sound. Memory stays at a couple of frames.
 */
export async function renderBlurredCopy(input: {
  videoPath: string;
  plan: BlurPlan;
  output: string;
  signal?: AbortSignal;
  onProgress?(fraction: number): void;
}): Promise<RenderedCopy> {
  const facts = await probeMedia(input.videoPath);
  if (!facts?.video) throw new Error('The recording has no picture to blur.');
  const video = facts.video;
  const fps = Math.min(MAX_FPS, video.frameRate ?? 25);
  const info = { durationS: facts.durationSeconds, hasVideo: true, width: video.displayWidth, height: video.displayHeight, rotation: video.rotation };
  const frames = streamFrames({ videoPath: input.videoPath, startS: 0, endS: facts.durationSeconds, fps, width: outputWidth(info.width, info.height) }, info);
  const first = await frames.next();
  if (first.done) throw new Error('The recording has no frames to blur.');
  const { width, height } = first.value;

  // Encoded exactly as the playback copy (lib/media/playback.ts): H.264/AAC MP4, index first; the frames come in as input 0, the sound from the recording.
  const encoder = startTool(
    'ffmpeg',
    [
      '-nostdin', '-hide_banner', '-loglevel', 'error',
      '-protocol_whitelist', 'pipe', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-s', `${width}x${height}`, '-r', String(fps), '-i', 'pipe:0',
      ...(facts.audio ? recordingInput(input.videoPath) : []),
      '-t', String(facts.durationSeconds),
      ...playbackArgs({ video, audio: facts.audio }, { soundInput: 1 }),
      '-y', input.output,
    ],
    { stdin: 'stream', signal: input.signal },
  );
  const stdin = encoder.stdin!;
  const exited = encoder.exit.then(() => 'exited' as const);
  const expected = Math.max(1, Math.ceil(facts.durationSeconds * fps));
  const stats: RenderedCopy = { width, height, fps, frames: 0, framesBlurred: 0, regions: 0 };
  try {
    for (let next: IteratorResult<RgbFrame> = first; !next.done; next = await frames.next()) {
      input.signal?.throwIfAborted();
      const frame = next.value;
      const regions = input.plan.regionsAt(frame.timeS);
      for (const [x, y, w, h] of regions) blurRegion(frame.data, width, height, [x * width, y * height, w * width, h * height] as PixelBox);
      stats.frames++;
      stats.regions += regions.length;
      if (regions.length) stats.framesBlurred++;
      // The encoder dying (no drain ever comes) must end the wait too.
      if (!stdin.write(frame.data) && (await Promise.race([once(stdin, 'drain').then(() => 'drained' as const), exited])) === 'exited') break;
      input.onProgress?.(Math.min(1, stats.frames / expected));
    }
    stdin.end();
    await succeeded(encoder, 'The blurred copy could not be encoded');
  } finally {
    encoder.stop();
    await frames.return(undefined);
  }
  return stats;
}
