import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { decodeAudio, decodeAudioVariants, extractFrameFeatures, poolFrameFeatures, streamAudio } from '@/lib/analysis/audio';

const RAVDESS_CLIP = path.resolve('../shared/data/speech/ravdess/Actor_17/03-01-05-02-01-01-17.flac');
const dir = mkdtempSync(path.join(os.tmpdir(), 'audio-decode-test-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

function ffmpeg(...args: string[]): void {
  execFileSync('ffmpeg', ['-nostdin', '-hide_banner', '-loglevel', 'error', '-y', ...args]);
}

/** 44.1 kHz stereo test audio: a glide with harmonics and noise, so resampling and downmix are exercised. */
function makeSourceWav(): string {
  const file = path.join(dir, 'source.wav');
  ffmpeg('-f', 'lavfi', '-i', "aevalsrc=0.3*sin(2*PI*(120+60*t)*t)+0.1*sin(4*PI*(120+60*t)*t)|0.2*sin(2*PI*(120+60*t)*t):s=44100:d=3", '-f', 'lavfi', '-i', 'anoisesrc=a=0.01:r=44100:d=3:seed=3', '-filter_complex', 'amix=inputs=2:normalize=0', '-c:a', 'pcm_s16le', file);
  return file;
}

test('decodeAudio gives 16 kHz mono float PCM and streaming yields the same samples in bounded chunks', async () => {
  const source = makeSourceWav();
  const pcm = await decodeAudio(source);
  assert.ok(Math.abs(pcm.length - 48_000) <= 16, `length ${pcm.length}`);
  let peak = 0;
  for (const v of pcm) peak = Math.max(peak, Math.abs(v));
  assert.ok(peak > 0.2 && peak <= 1, `peak ${peak}`);
  const chunks: Float32Array[] = [];
  for await (const chunk of streamAudio(source, { chunkSamples: 4000 })) chunks.push(chunk);
  assert.ok(chunks.slice(0, -1).every((c) => c.length === 4000));
  const joined = new Float32Array(chunks.reduce((n, c) => n + c.length, 0));
  chunks.reduce((at, c) => (joined.set(c, at), at + c.length), 0);
  assert.deepEqual(joined, pcm);
  const [clean, quieter] = await decodeAudioVariants(source, [undefined, 'volume=0.5']);
  assert.deepEqual(clean, pcm);
  assert.deepEqual(quieter, await decodeAudio(source, { filter: 'volume=0.5' }));
  const window = await decodeAudio(source, { startSeconds: 1, durationSeconds: 0.5 });
  assert.ok(Math.abs(window.length - 8000) <= 16);
});

test('decoding a missing file rejects with the ffmpeg message', async () => {
  await assert.rejects(decodeAudio(path.join(dir, 'missing.wav')), /ffmpeg failed to decode .*missing\.wav/);
});

/**
 * The worker stores a 16 kHz mono 16-bit WAV; the same audio inside an MP4
 * (with a video track) must give the same pooled vector. ALAC is lossless, so
 * the decoded samples — and the vector — must be bit-identical (tolerance 0).
 * A lossy codec (AAC) is checked too, only for being close.
 */
for (const [name, makeSource] of [
  ['generated audio', () => makeSourceWav()],
  ['a RAVDESS clip', () => RAVDESS_CLIP],
] as const) {
  const skip = name === 'a RAVDESS clip' && !existsSync(RAVDESS_CLIP) && 'needs ../shared/data/speech/ravdess';
  test(`same feature vector from WAV and from MP4 for ${name}`, { skip }, async () => {
    const wav = path.join(dir, `${name.length}.wav`);
    ffmpeg('-i', makeSource(), '-ac', '1', '-ar', '16000', '-c:a', 'pcm_s16le', wav);
    const mp4 = path.join(dir, `${name.length}-alac.mp4`);
    ffmpeg('-f', 'lavfi', '-i', 'color=c=gray:s=64x64:r=10', '-i', wav, '-shortest', '-c:v', 'mpeg4', '-c:a', 'alac', mp4);
    const aac = path.join(dir, `${name.length}-aac.mp4`);
    ffmpeg('-i', wav, '-c:a', 'aac', '-b:a', '128k', aac);
    const pool = async (file: string) => poolFrameFeatures(extractFrameFeatures(await decodeAudio(file))).vector;
    const fromWav = await pool(wav);
    assert.deepEqual(await decodeAudio(mp4), await decodeAudio(wav));
    assert.deepEqual(await pool(mp4), fromWav);
    // AAC changes samples (and adds encoder delay), so only the bulk statistics stay close.
    const fromAac = await pool(aac);
    const mfccMeans = (v: Float32Array) => Array.from({ length: 13 }, (_, c) => v[c * 5]);
    const distance = Math.hypot(...mfccMeans(fromWav).map((m, c) => m - mfccMeans(fromAac)[c]));
    assert.ok(distance < 1.5, `AAC MFCC-mean distance ${distance}`);
  });
}
