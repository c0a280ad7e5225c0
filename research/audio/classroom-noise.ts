import { gaussian, uniform } from '../random';

/**
 * Synthetic classroom background for constructed evaluation lessons. The mix,
 * as shares of the total noise power:
 * - 30 % pink noise (ventilation, room tone)
 * - 15 % brown noise (low rumble, traffic)
 * - 10 % projector/mains hum: 50 Hz with harmonics at 100 and 150 Hz (amplitudes 1, 0.5, 0.25)
 * - 15 % chair scrapes: 0.2–0.8 s bursts of resonant band-passed noise with a
 *   sweeping centre (600–3,000 Hz), on average one every 8 s
 * - 30 % murmur: six overlapping streams of other speakers' clips, each
 *   pitch-shifted by resampling (×0.8–1.25) with random gaps and gains
 * The result has unit RMS; the caller scales it to the wanted SNR.
 */
export interface ClassroomNoiseOptions {
  samples: number;
  sampleRate: number;
  random: () => number;
  /** Speech clips of speakers who are not in the lesson, used for the murmur. */
  murmurClips: Float32Array[];
}

const SHARES = { pink: 0.3, brown: 0.15, hum: 0.1, scrapes: 0.15, murmur: 0.3 };

export function classroomNoise(options: ClassroomNoiseOptions): Float32Array {
  const parts = {
    pink: pinkNoise(options),
    brown: brownNoise(options),
    hum: hum(options),
    scrapes: chairScrapes(options),
    murmur: murmur(options),
  };
  const out = new Float32Array(options.samples);
  for (const [name, signal] of Object.entries(parts) as [keyof typeof SHARES, Float32Array][]) {
    const gain = Math.sqrt(SHARES[name]) / Math.max(rms(signal), 1e-12);
    for (let i = 0; i < out.length; i++) out[i] += gain * signal[i];
  }
  const total = rms(out);
  for (let i = 0; i < out.length; i++) out[i] /= total;
  return out;
}

export function rms(signal: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < signal.length; i++) sum += signal[i] * signal[i];
  return Math.sqrt(sum / Math.max(signal.length, 1));
}

function pinkNoise({ samples, random }: ClassroomNoiseOptions): Float32Array {
  // Paul Kellet's refined pink filter over white noise.
  const out = new Float32Array(samples);
  let b0 = 0, b1 = 0, b2 = 0, b3 = 0, b4 = 0, b5 = 0, b6 = 0;
  for (let i = 0; i < samples; i++) {
    const white = gaussian(random);
    b0 = 0.99886 * b0 + white * 0.0555179;
    b1 = 0.99332 * b1 + white * 0.0750759;
    b2 = 0.969 * b2 + white * 0.153852;
    b3 = 0.8665 * b3 + white * 0.3104856;
    b4 = 0.55 * b4 + white * 0.5329522;
    b5 = -0.7616 * b5 - white * 0.016898;
    out[i] = b0 + b1 + b2 + b3 + b4 + b5 + b6 + white * 0.5362;
    b6 = white * 0.115926;
  }
  return out;
}

function brownNoise({ samples, random }: ClassroomNoiseOptions): Float32Array {
  const out = new Float32Array(samples);
  let level = 0;
  for (let i = 0; i < samples; i++) {
    level = 0.998 * level + 0.05 * gaussian(random);
    out[i] = level;
  }
  return out;
}

function hum({ samples, sampleRate }: ClassroomNoiseOptions): Float32Array {
  const out = new Float32Array(samples);
  for (let i = 0; i < samples; i++) {
    const t = i / sampleRate;
    out[i] = Math.sin(2 * Math.PI * 50 * t) + 0.5 * Math.sin(2 * Math.PI * 100 * t + 0.7) + 0.25 * Math.sin(2 * Math.PI * 150 * t + 1.3);
  }
  return out;
}

function chairScrapes({ samples, sampleRate, random }: ClassroomNoiseOptions): Float32Array {
  const out = new Float32Array(samples);
  let at = Math.floor(uniform(random, 0, 8) * sampleRate);
  while (at < samples) {
    const length = Math.floor(uniform(random, 0.2, 0.8) * sampleRate);
    const fromHz = uniform(random, 600, 3000);
    const toHz = fromHz * uniform(random, 0.6, 1.5);
    const amplitude = uniform(random, 0.5, 1.5);
    // Two-pole resonator with a moving centre frequency.
    let y1 = 0, y2 = 0;
    const radius = 0.995;
    for (let k = 0; k < length && at + k < samples; k++) {
      const progress = k / length;
      const centre = fromHz + (toHz - fromHz) * progress;
      const theta = (2 * Math.PI * centre) / sampleRate;
      const y = gaussian(random) + 2 * radius * Math.cos(theta) * y1 - radius * radius * y2;
      y2 = y1;
      y1 = y;
      out[at + k] += amplitude * Math.sin(Math.PI * progress) * y * (1 - radius);
    }
    // Exponential spacing: on average one scrape every 8 s.
    at += length + Math.floor(-Math.log(Math.max(random(), 1e-9)) * 8 * sampleRate);
  }
  return out;
}

function murmur({ samples, sampleRate, random, murmurClips }: ClassroomNoiseOptions): Float32Array {
  const out = new Float32Array(samples);
  if (murmurClips.length === 0) throw new Error('murmur needs at least one clip of a speaker outside the lesson');
  for (let stream = 0; stream < 6; stream++) {
    const gain = uniform(random, 0.4, 1);
    let at = Math.floor(uniform(random, 0, 2) * sampleRate);
    while (at < samples) {
      const clip = murmurClips[Math.floor(random() * murmurClips.length)];
      const rate = uniform(random, 0.8, 1.25);
      const length = Math.floor(clip.length / rate);
      for (let k = 0; k < length && at + k < samples; k++) {
        const position = k * rate;
        const i = Math.floor(position);
        const frac = position - i;
        const sample = i + 1 < clip.length ? clip[i] * (1 - frac) + clip[i + 1] * frac : clip[i];
        out[at + k] += gain * sample;
      }
      at += length + Math.floor(uniform(random, 0.1, 1.5) * sampleRate);
    }
  }
  return out;
}
