import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RealFft } from '@/lib/analysis/audio';

function signal(n: number, seed = 1): Float64Array {
  let s = seed;
  return Float64Array.from({ length: n }, (_, i) => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return Math.sin(0.3 * i) + (s / 2 ** 31 - 0.5);
  });
}

test('power spectrum matches a direct DFT, including zero-padding', () => {
  const fft = new RealFft(64);
  const x = signal(40);
  const power = fft.powerSpectrum(x, new Float64Array(fft.bins));
  for (let k = 0; k < fft.bins; k++) {
    let re = 0;
    let im = 0;
    for (let n = 0; n < x.length; n++) {
      re += x[n] * Math.cos((2 * Math.PI * k * n) / 64);
      im -= x[n] * Math.sin((2 * Math.PI * k * n) / 64);
    }
    assert.ok(Math.abs(power[k] - (re * re + im * im)) < 1e-9 * (1 + re * re + im * im), `bin ${k}`);
  }
});

test('autocorrelation of a zero-padded power spectrum is the linear autocorrelation', () => {
  const fft = new RealFft(128);
  const x = signal(64, 7);
  const r = fft.autocorrelation(fft.powerSpectrum(x, new Float64Array(fft.bins)), new Float64Array(fft.bins));
  for (let lag = 0; lag < 64; lag++) {
    let direct = 0;
    for (let n = 0; n + lag < x.length; n++) direct += x[n] * x[n + lag];
    assert.ok(Math.abs(r[lag] - direct) < 1e-9 * (1 + Math.abs(direct)), `lag ${lag}: ${r[lag]} vs ${direct}`);
  }
});

test('rejects sizes that are not a power of two', () => {
  assert.throws(() => new RealFft(500), /power of two/);
});
