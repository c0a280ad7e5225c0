import { test } from 'node:test';
import assert from 'node:assert/strict';
import Meyda from 'meyda';
import { extractFrameFeatures, FrameFeatureExtractor, concatFrameFeatures, frameTimeSeconds, melBandCentresHz, sliceFrameFeatures, type FrameFeatures } from '@/lib/analysis/audio';

const SR = 16_000;

function noise(n: number, seed: number, amplitude = 0.1): Float32Array {
  let s = seed;
  return Float32Array.from({ length: n }, () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return amplitude * (2 * (s / 2 ** 31) - 1);
  });
}

/** A buzzy voiced sound: harmonics of f0 with falling amplitude, plus a little noise. */
function voiced(f0: number, seconds: number, amplitude = 0.2): Float32Array {
  const hiss = noise(Math.round(seconds * SR), 3, 0.005);
  return Float32Array.from(hiss, (h, i) => {
    let v = 0;
    for (let k = 1; k <= 10; k++) v += Math.sin((2 * Math.PI * f0 * k * i) / SR) / k;
    return (amplitude * v) / 2 + h;
  });
}

const columns = ['mfcc', 'melLog', 'rms', 'zcr', 'centroidHz', 'flatness', 'rolloffHz', 'f0Hz', 'periodicity', 'voiced'] as const;

test('streamed chunks of any size give exactly the whole-signal features', () => {
  const hiss = noise(SR * 2, 9);
  const pcm = voiced(140, 2).map((v, i) => v + hiss[i]);
  const whole = extractFrameFeatures(pcm);
  const extractor = new FrameFeatureExtractor();
  const blocks: FrameFeatures[] = [];
  for (let at = 0, size = 37; at < pcm.length; at += size, size = (size * 7) % 3001 + 1) blocks.push(extractor.push(pcm.subarray(at, at + size)));
  const streamed = concatFrameFeatures(blocks);
  assert.equal(streamed.count, whole.count);
  assert.equal(whole.count, Math.floor((pcm.length - 512) / 256) + 1);
  for (const name of columns) assert.deepEqual(streamed[name], whole[name], name);
  const middle = sliceFrameFeatures(whole, 10, 20);
  assert.equal(middle.firstFrame, 10);
  assert.deepEqual(middle.rms, whole.rms.subarray(10, 20));
  assert.equal(frameTimeSeconds(10), (10 * 256 + 256) / SR);
});

test('pitch follows a harmonic tone and is unvoiced on noise and silence', () => {
  for (const f0 of [95, 150, 220, 380]) {
    const features = extractFrameFeatures(voiced(f0, 1));
    const inner = Array.from(features.f0Hz.subarray(2, -2));
    const voicedShare = Array.from(features.voiced.subarray(2, -2)).filter((v) => v === 1).length / inner.length;
    assert.ok(voicedShare > 0.95, `${f0} Hz: voiced share ${voicedShare}`);
    for (const estimate of inner) assert.ok(Math.abs(estimate - f0) / f0 < 0.02, `${f0} Hz estimated as ${estimate}`);
  }
  const hiss = extractFrameFeatures(noise(SR, 5, 0.3));
  assert.ok(Array.from(hiss.voiced).filter((v) => v === 1).length / hiss.count < 0.05, 'white noise judged voiced');
  const silence = extractFrameFeatures(new Float32Array(SR));
  assert.equal(Array.from(silence.voiced).reduce((a, b) => a + b, 0), 0);
});

test('time-domain and spectral features agree with meyda on the same frame', () => {
  const pcm = noise(SR, 11, 0.2).map((v, i) => v + 0.3 * Math.sin((2 * Math.PI * 1000 * i) / SR));
  const features = extractFrameFeatures(pcm);
  for (const frameIndex of [0, 17, 40]) {
    const frame = pcm.slice(frameIndex * 256, frameIndex * 256 + 512);
    // Time-domain features: meyda on the raw frame.
    Meyda.bufferSize = 512;
    Meyda.sampleRate = SR;
    Meyda.windowingFunction = 'rect';
    const time = Meyda.extract(['rms', 'zcr'], frame) as { rms: number; zcr: number };
    assert.ok(Math.abs(time.rms - features.rms[frameIndex]) < 1e-6);
    assert.ok(Math.abs(time.zcr / 511 - features.zcr[frameIndex]) < 1e-6);
    // Spectral features: meyda on the same Hann-windowed frame zero-padded to our 1024-point FFT.
    const padded = new Float32Array(1024);
    for (let i = 0; i < 512; i++) padded[i] = frame[i] * (0.5 - 0.5 * Math.cos((2 * Math.PI * i) / 511));
    Meyda.bufferSize = 1024;
    const spectral = Meyda.extract(['spectralCentroid', 'spectralFlatness'], padded) as { spectralCentroid: number; spectralFlatness: number };
    // meyda's spectrum stops one bin short of Nyquist (512 of our 513 bins), hence a tolerance of 0.5 %.
    const centroidHz = (spectral.spectralCentroid * SR) / 1024;
    assert.ok(Math.abs(centroidHz / features.centroidHz[frameIndex] - 1) < 0.005, `centroid ${centroidHz} vs ${features.centroidHz[frameIndex]}`);
    assert.ok(Math.abs(spectral.spectralFlatness / features.flatness[frameIndex] - 1) < 0.005, `flatness ${spectral.spectralFlatness} vs ${features.flatness[frameIndex]}`);
  }
});

test('spectral shape separates a low tone from broadband noise', () => {
  const tone = extractFrameFeatures(Float32Array.from({ length: SR }, (_, i) => 0.5 * Math.sin((2 * Math.PI * 500 * i) / SR)));
  const hiss = extractFrameFeatures(noise(SR, 2, 0.5));
  const mid = (f: Float32Array) => f[Math.floor(f.length / 2)];
  assert.ok(Math.abs(mid(tone.centroidHz) - 500) < 60, `tone centroid ${mid(tone.centroidHz)}`);
  assert.ok(mid(tone.rolloffHz) < 600);
  assert.ok(mid(hiss.centroidHz) > 3000 && mid(hiss.rolloffHz) > 5500);
  assert.ok(mid(hiss.flatness) > 0.5 && mid(tone.flatness) < 0.1);
  assert.ok(Math.abs(mid(tone.rms) - 0.5 / Math.SQRT2) < 0.01);
  assert.ok(mid(hiss.zcr) > 0.3 && mid(tone.zcr) < 0.1);
});

test('log-mel bands peak at the band holding a tone', () => {
  const tone = extractFrameFeatures(Float32Array.from({ length: SR }, (_, i) => 0.5 * Math.sin((2 * Math.PI * 1000 * i) / SR)));
  const centres = melBandCentresHz(tone.melBands, SR);
  const frame = Math.floor(tone.count / 2);
  const bands = Array.from(tone.melLog.subarray(frame * tone.melBands, (frame + 1) * tone.melBands));
  const loudest = bands.indexOf(Math.max(...bands));
  const nearest = centres.reduce((best, hz, b) => (Math.abs(hz - 1000) < Math.abs(centres[best] - 1000) ? b : best), 0);
  assert.equal(loudest, nearest);
  // Far from the tone the band energy is many orders of magnitude lower (natural log units).
  assert.ok(bands[loudest] - bands[tone.melBands - 1] > 10);
  assert.ok(centres.every((hz, b) => b === 0 || hz > centres[b - 1]) && centres[0] > 20 && centres[centres.length - 1] < SR / 2);
});
