import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extractFrameFeatures, poolFrameFeatures, POOLED_FEATURE_NAMES, POOLED_VECTOR_LENGTH } from '@/lib/analysis/audio';

const SR = 16_000;
const at = (vector: Float32Array, name: string) => vector[POOLED_FEATURE_NAMES.indexOf(name)];

/** Harmonic glide from f0Start to f0End (exponential), with a silent second before and after. */
function glide(f0Start: number, f0End: number, seconds: number): Float32Array {
  const out = new Float32Array((seconds + 2) * SR);
  let phase = 0;
  for (let i = 0; i < seconds * SR; i++) {
    const f0 = f0Start * (f0End / f0Start) ** (i / (seconds * SR));
    phase += (2 * Math.PI * f0) / SR;
    let v = 0;
    for (let k = 1; k <= 8; k++) v += Math.sin(k * phase) / k;
    out[SR + i] = 0.15 * v;
  }
  return out;
}

test('pooled vector has a fixed length and ignores pauses', () => {
  const short = poolFrameFeatures(extractFrameFeatures(glide(150, 150, 1)));
  const long = poolFrameFeatures(extractFrameFeatures(glide(150, 150, 4)));
  assert.equal(short.vector.length, POOLED_VECTOR_LENGTH);
  assert.equal(long.vector.length, POOLED_VECTOR_LENGTH);
  assert.ok(short.vector.every(Number.isFinite));
  // A second of silence either side: speech ratio ≈ 1/3 and 4/6, same level either way.
  assert.ok(Math.abs(short.quality.speechRatio - 1 / 3) < 0.05, `speech ratio ${short.quality.speechRatio}`);
  assert.ok(Math.abs(long.quality.speechRatio - 4 / 6) < 0.05);
  assert.ok(Math.abs(short.quality.levelDb - long.quality.levelDb) < 0.5);
  assert.ok(short.quality.voicedRatio > 0.9);
  assert.ok(Math.abs(at(short.vector, 'f0_semitones_p50') - 12 * Math.log2(1.5)) < 0.2);
});

test('pitch range and voiced statistics follow the intonation', () => {
  const rising = poolFrameFeatures(extractFrameFeatures(glide(120, 240, 3))).vector;
  const flat = poolFrameFeatures(extractFrameFeatures(glide(170, 170, 3))).vector;
  // p10..p90 of an exponential one-octave glide spans 0.8 × 12 semitones.
  assert.ok(Math.abs(at(rising, 'f0_range_semitones') - 9.6) < 0.6, `range ${at(rising, 'f0_range_semitones')}`);
  assert.ok(at(flat, 'f0_range_semitones') < 0.3);
  assert.ok(at(rising, 'voiced_ratio') > 0.9);
});

test('silence has no active frames and pools to zeros', () => {
  const pooled = poolFrameFeatures(extractFrameFeatures(new Float32Array(SR)));
  assert.equal(pooled.quality.activeFrames, 0);
  assert.equal(pooled.quality.levelDb, -Infinity);
  assert.ok(pooled.vector.every((v) => v === 0));
});
