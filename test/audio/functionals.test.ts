import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extractFrameFeatures, poolFrameFeatures, POOLED_FEATURE_NAMES } from '@/lib/analysis/audio';

const SR = 16_000;
const at = (vector: Float32Array, name: string) => {
  const index = POOLED_FEATURE_NAMES.indexOf(name);
  assert.ok(index >= 0, `no pooled feature ${name}`);
  return vector[index];
};

function lcgNoise(n: number, seed: number): Float32Array {
  let s = seed;
  return Float32Array.from({ length: n }, () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return 2 * (s / 2 ** 31) - 1;
  });
}

/**
 * A voiced sound: harmonics k = 1..30 of an F0 contour (Hz per sample), each at
 * amplitude k^-tilt, times an amplitude envelope, plus white noise.
 */
function voice({ seconds, f0 = () => 150, tilt = 1, envelope = () => 1, noise = 0 }: {
  seconds: number;
  f0?: (t: number) => number;
  tilt?: number;
  envelope?: (t: number) => number;
  noise?: number;
}): Float32Array {
  const n = Math.round(seconds * SR);
  const hiss = lcgNoise(n, 5);
  let phase = 0;
  return Float32Array.from({ length: n }, (_, i) => {
    const t = i / SR;
    phase += (2 * Math.PI * f0(t)) / SR;
    let v = 0;
    for (let k = 1; k <= 30 && k * f0(t) < SR / 2; k++) v += Math.sin(k * phase) / k ** tilt;
    return 0.1 * envelope(t) * v + noise * hiss[i];
  });
}

const pool = (pcm: Float32Array) => poolFrameFeatures(extractFrameFeatures(pcm)).vector;

test('spectral balance: a flatter (pressed, loud) voice has a smaller alpha ratio and Hammarberg index and a shallower slope', () => {
  const breathy = pool(voice({ seconds: 2, tilt: 1.5 }));
  const pressed = pool(voice({ seconds: 2, tilt: 0.5 }));
  assert.ok(at(pressed, 'alpha_ratio_db_mean') < at(breathy, 'alpha_ratio_db_mean') - 6, `alpha ${at(pressed, 'alpha_ratio_db_mean')} vs ${at(breathy, 'alpha_ratio_db_mean')}`);
  assert.ok(at(pressed, 'hammarberg_db_mean') < at(breathy, 'hammarberg_db_mean') - 6);
  assert.ok(at(pressed, 'slope_all_db_per_khz_mean') > at(breathy, 'slope_all_db_per_khz_mean'));
  // A steady sound barely changes from frame to frame.
  assert.ok(at(breathy, 'spectral_flux_mean') < 0.5, `flux ${at(breathy, 'spectral_flux_mean')}`);
});

test('voice quality: noise lowers the harmonics-to-noise ratio; F0 perturbation raises jitter', () => {
  const clean = pool(voice({ seconds: 2 }));
  const noisy = pool(voice({ seconds: 2, noise: 0.03 }));
  assert.ok(at(clean, 'hnr_db_mean') > at(noisy, 'hnr_db_mean') + 3, `HNR ${at(clean, 'hnr_db_mean')} vs ${at(noisy, 'hnr_db_mean')}`);
  const wobble = lcgNoise(200, 11);
  const jittery = pool(voice({ seconds: 2, f0: (t) => 150 * (1 + 0.04 * wobble[Math.floor(t * 62.5)]) }));
  assert.ok(at(clean, 'jitter_frame_mean') < 0.005, `steady jitter ${at(clean, 'jitter_frame_mean')}`);
  assert.ok(at(jittery, 'jitter_frame_mean') > 4 * at(clean, 'jitter_frame_mean') + 0.005);
  assert.ok(at(clean, 'shimmer_frame_db_mean') < 0.5);
});

test('rhythm: syllable-like loudness peaks are counted, pauses measured, F0 slope in semitones per second', () => {
  // 3 s of 4 Hz "syllables" (raised cosine bursts) on a rising glide 120 → 240 Hz (+4 semitones/s).
  const syllables = pool(voice({ seconds: 3, f0: (t) => 120 * 2 ** (t / 3), envelope: (t) => Math.max(0, Math.sin(2 * Math.PI * 4 * t)) ** 2 }));
  const peaksPerSecond = at(syllables, 'loudness_peaks_per_second');
  assert.ok(Math.abs(peaksPerSecond - 4) < 0.6, `peaks per second ${peaksPerSecond}`);
  assert.ok(Math.abs(at(syllables, 'f0_slope_semitones_per_second') - 4) < 0.5, `F0 slope ${at(syllables, 'f0_slope_semitones_per_second')}`);
  assert.ok(at(syllables, 'f0_run_slope_mean') > 2);
  assert.ok(at(syllables, 'loudness_rise_db_mean') > 1 && at(syllables, 'loudness_fall_db_mean') < -1);
  const steady = pool(voice({ seconds: 3 }));
  assert.ok(at(steady, 'loudness_peaks_per_second') < 0.5);
  assert.equal(at(steady, 'pause_ratio'), 0);
  assert.ok(at(syllables, 'voiced_runs_per_second') > 3 * at(steady, 'voiced_runs_per_second'));
  assert.ok(Math.abs(at(steady, 'active_span_seconds') - 3) < 0.1);
});
