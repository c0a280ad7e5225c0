import { DEFAULT_FRAME_OPTIONS } from '../audio/frame-features';
import { RealFft } from '../audio/fft';
import { applyMelFilterBank, dctMatrix, melFilterBank } from '../audio/mel';
import { rollingFloor } from './noise-floor';

/**
 * Noise-robust cepstra for telling voices apart, on the same frame grid as the
 * shared frame features (32 ms frames, 16 ms hop). Plain MFCCs of a classroom
 * mix are dominated by the noise in the bands where speech is weak (hum and
 * rumble below 200 Hz, hiss above 5 kHz): on lessons built at 20 dB SNR,
 * same-speaker vs different-speaker clips were separated with an AUC of only
 * 0.60 (0.96 on the clean clips). So:
 * - mel bands only over 200–5,000 Hz, where voices carry their identity;
 * - per band, the noise floor (10th percentile of the band's power in each
 *   second, lowest over ±3 s) is subtracted, keeping at least 5 % of the
 *   frame's power (spectral subtraction with a floor);
 * - log, DCT, c1–c12.
 */

export const SPEAKER_CEPSTRA = 12;
const BANDS = 24;
const LOW_HZ = 200;
const HIGH_HZ = 5000;
const SUBTRACTION_FLOOR = 0.05;

/** count × SPEAKER_CEPSTRA, frame-major; frame f covers pcm[f·hop, f·hop + frameSize). */
export function speakerCepstra(pcm: Float32Array, count: number): Float32Array {
  const { frameSize, hop, sampleRate } = DEFAULT_FRAME_OPTIONS;
  const fft = new RealFft(frameSize);
  const binHz = sampleRate / frameSize;
  const bank = melFilterBank(BANDS, fft.bins, binHz, LOW_HZ, HIGH_HZ);
  const dct = dctMatrix(SPEAKER_CEPSTRA + 1, BANDS);
  const window = Float64Array.from({ length: frameSize }, (_, i) => 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / frameSize));
  const frame = new Float64Array(frameSize);
  const power = new Float64Array(fft.bins);
  const bands = new Float64Array(BANDS);
  const bandPower = new Float32Array(count * BANDS);
  for (let f = 0; f < count; f++) {
    for (let i = 0; i < frameSize; i++) frame[i] = pcm[f * hop + i] ?? 0;
    fft.powerSpectrum(frame, power, window);
    applyMelFilterBank(bank, power, bands);
    for (let b = 0; b < BANDS; b++) bandPower[f * BANDS + b] = bands[b] + 1e-12;
  }
  const noise = rollingFloor(bandPower, count, Math.round(sampleRate / hop), BANDS);
  const out = new Float32Array(count * SPEAKER_CEPSTRA);
  const logs = new Float64Array(BANDS);
  for (let f = 0; f < count; f++) {
    for (let b = 0; b < BANDS; b++) {
      const power = bandPower[f * BANDS + b];
      logs[b] = Math.log(Math.max(power - noise[f * BANDS + b], SUBTRACTION_FLOOR * power));
    }
    for (let c = 1; c <= SPEAKER_CEPSTRA; c++) {
      let sum = 0;
      for (let b = 0; b < BANDS; b++) sum += dct[c * BANDS + b] * logs[b];
      out[f * SPEAKER_CEPSTRA + c - 1] = sum;
    }
  }
  return out;
}
