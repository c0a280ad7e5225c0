/**
 * Speed and memory of the shared audio feature path on a generated 45-minute
 * lesson track (16 kHz mono 16-bit WAV, the worker's format):
 *   npm run bench:audio-features [-- --minutes 45]
 * Streams the file through ffmpeg, extracts frame features for every 16 ms
 * frame and pools every 3 s window; prints × real time and peak RSS.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { FrameFeatureExtractor, poolFrameFeatures, sliceFrameFeatures, streamAudio, concatFrameFeatures, type FrameFeatures } from '@/lib/analysis/audio';

const { values } = parseArgs({ options: { minutes: { type: 'string', default: '45' } } });
const seconds = Number(values.minutes) * 60;
const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-audio-'));
const track = path.join(dir, 'lesson.wav');
try {
  // A voice-like test signal: a gliding harmonic tone, syllable-rate amplitude modulation, pauses and room noise.
  const expression =
    '0.25*sin(2*PI*(150+40*sin(2*PI*0.3*t))*t)*(0.5+0.5*sin(2*PI*4*t))*gt(sin(2*PI*0.1*t)\\,-0.3)' +
    '+0.08*sin(2*PI*2*(150+40*sin(2*PI*0.3*t))*t)*(0.5+0.5*sin(2*PI*4*t))';
  const generated = spawnSync(
    'ffmpeg',
    ['-nostdin', '-hide_banner', '-loglevel', 'error', '-y',
      '-f', 'lavfi', '-i', `aevalsrc=${expression}:s=16000:d=${seconds}`,
      '-f', 'lavfi', '-i', `anoisesrc=color=pink:amplitude=0.02:sample_rate=16000:seed=7:d=${seconds}`,
      '-filter_complex', 'amix=inputs=2:normalize=0', '-ac', '1', '-ar', '16000', '-c:a', 'pcm_s16le', track],
    { stdio: 'inherit' },
  );
  if (generated.status !== 0) throw new Error('could not generate the test track');

  const rssBefore = process.memoryUsage().rss;
  const started = performance.now();
  const extractor = new FrameFeatureExtractor();
  const windowFrames = Math.round(3 / 0.016);
  let pending: FrameFeatures | undefined;
  let frames = 0;
  let windows = 0;
  for await (const chunk of streamAudio(track, { chunkSamples: 16_000 * 10 })) {
    const block = extractor.push(chunk);
    frames += block.count;
    pending = pending ? concatFrameFeatures([pending, block]) : block;
    while (pending.count >= windowFrames) {
      poolFrameFeatures(sliceFrameFeatures(pending, 0, windowFrames));
      windows++;
      pending = sliceFrameFeatures(pending, windowFrames, pending.count);
    }
  }
  const elapsed = (performance.now() - started) / 1000;
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  console.log(`track ${(seconds / 60).toFixed(0)} min, ${frames} frames, ${windows} pooled 3 s windows`);
  console.log(`decode + frame features + pooling: ${elapsed.toFixed(1)} s = ${(seconds / elapsed).toFixed(0)}x real time (target >= 100x)`);
  console.log(`peak RSS ${peakRssMb.toFixed(0)} MB (target < 300 MB; ${(rssBefore / 1024 / 1024).toFixed(0)} MB before the run)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
