import { classroomNoise } from '../audio/classroom-noise';
import { gaussian, seededRandom } from '../random';

/**
 * Speech-preserving training augmentations. The ffmpeg part (a filter graph
 * given to decodeAudio) changes pitch, tempo or adds room reverb; the PCM part
 * (gain and additive noise at a target SNR) is applied after decoding.
 */
export interface Augmentation {
  name: string;
  /** ffmpeg -af graph, or undefined for the plain decode. */
  filter?: string;
  /** Gain in dB applied before noise (0 = none). */
  gainDb: number;
  /** Signal-to-noise ratio in dB of added noise, or undefined for none. */
  snrDb?: number;
  /** White noise, or the synthetic classroom background (hum, rumble, chair scrapes, murmur of other speakers). */
  noise?: 'white' | 'classroom';
}

const SR = 16_000;
/** Shift pitch (and formants) by `semitones` keeping duration: resample, then undo the tempo change. */
const pitchShift = (semitones: number) => {
  const ratio = 2 ** (semitones / 12);
  return `asetrate=${Math.round(SR * ratio)},aresample=${SR},atempo=${(1 / ratio).toFixed(5)}`;
};
const ROOM_REVERB = 'aecho=0.9:0.8:17|29|43|61:0.4|0.3|0.2|0.12';

/** The variants decoded for every training clip, in a fixed order; index 0 is the clean original. */
export const TRAINING_AUGMENTATIONS: readonly Augmentation[] = [
  { name: 'clean', gainDb: 0 },
  { name: 'noise-20dB', gainDb: -6, snrDb: 20 },
  { name: 'noise-10dB', gainDb: 4, snrDb: 10 },
  { name: 'pitch+1.5', filter: pitchShift(1.5), gainDb: 0, snrDb: 30 },
  { name: 'pitch-1.5', filter: pitchShift(-1.5), gainDb: -3, snrDb: 25 },
  { name: 'tempo0.9', filter: 'atempo=0.9', gainDb: 2 },
  { name: 'tempo1.1', filter: 'atempo=1.1', gainDb: -2, snrDb: 15 },
  { name: 'reverb', filter: ROOM_REVERB, gainDb: 0 },
  { name: 'reverb-noise', filter: ROOM_REVERB, gainDb: -8, snrDb: 15 },
  // What the voice stage hears: a lesson's camera microphone.
  { name: 'classroom-10dB', gainDb: 2, snrDb: 10, noise: 'classroom' },
  { name: 'classroom-5dB', gainDb: -4, snrDb: 5, noise: 'classroom' },
];

/**
 * Applies the PCM part of an augmentation in place: gain, then noise scaled
 * to the requested SNR against the signal's active power, seeded so the same
 * clip and variant always get the same noise. Classroom noise needs
 * `murmurClips`: speech of other speakers than the clip's. Clips to ±1.
 */
export function applyPcmAugmentation(pcm: Float32Array, augmentation: Augmentation, seed: number, murmurClips: Float32Array[] = []): Float32Array {
  const gain = 10 ** (augmentation.gainDb / 20);
  let power = 0;
  let loud = 0;
  for (let i = 0; i < pcm.length; i++) {
    pcm[i] *= gain;
    const p = pcm[i] * pcm[i];
    // Measure speech power only where there is signal, so leading silence does not lower the noise.
    if (p > 1e-6) {
      power += p;
      loud++;
    }
  }
  if (augmentation.snrDb !== undefined && loud > 0) {
    const noiseStd = Math.sqrt(power / loud / 10 ** (augmentation.snrDb / 10));
    const random = seededRandom(seed);
    if (augmentation.noise === 'classroom') {
      const noise = classroomNoise({ samples: pcm.length, sampleRate: SR, random, murmurClips });
      for (let i = 0; i < pcm.length; i++) pcm[i] += noiseStd * noise[i];
    } else {
      for (let i = 0; i < pcm.length; i++) pcm[i] += noiseStd * gaussian(random);
    }
  }
  for (let i = 0; i < pcm.length; i++) pcm[i] = Math.max(-1, Math.min(1, pcm[i]));
  return pcm;
}
