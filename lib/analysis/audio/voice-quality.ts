import type { ActiveFrames } from './active-frames';
import { mean, median, std } from './statistics';

/**
 * Voice-quality functionals at frame resolution: harmonics-to-noise ratio from
 * the pitch tracker's periodicity r (HNR = 10·log10(r / (1 − r)), as Praat
 * derives it from the autocorrelation peak), and jitter / shimmer
 * approximations — the relative change of the period and the level change in
 * dB between consecutive voiced frames (16 ms apart, so they also hold slow
 * F0 and level movement, not only cycle-to-cycle perturbation) — and the level
 * of voiced frames over unvoiced ones.
 */
export const VOICE_QUALITY_NAMES: readonly string[] = [
  'hnr_db_mean',
  'hnr_db_std',
  'jitter_frame_median',
  'jitter_frame_mean',
  'shimmer_frame_db_median',
  'shimmer_frame_db_mean',
  'voiced_minus_unvoiced_db',
];

export function voiceQualityFunctionals({ features, energyDb, voiced, unvoiced }: ActiveFrames): number[] {
  const hnr = Float64Array.from(voiced, (i) => {
    const r = Math.min(0.999, Math.max(0.001, features.periodicity[i]));
    return 10 * Math.log10(r / (1 - r));
  });
  const jitter: number[] = [];
  const shimmer: number[] = [];
  for (let k = 1; k < voiced.length; k++) {
    const [previous, current] = [voiced[k - 1], voiced[k]];
    if (current !== previous + 1) continue;
    const [t0, t1] = [1 / features.f0Hz[current], 1 / features.f0Hz[previous]];
    jitter.push(Math.abs(t0 - t1) / ((t0 + t1) / 2));
    shimmer.push(Math.abs(energyDb[current] - energyDb[previous]));
  }
  const levelOf = (indices: number[]) => mean(Float64Array.from(indices, (i) => energyDb[i]));
  const voicedOverUnvoiced = voiced.length > 0 && unvoiced.length > 0 ? levelOf(voiced) - levelOf(unvoiced) : 0;
  return [mean(hnr), std(hnr), median(jitter), mean(jitter), median(shimmer), mean(shimmer), voicedOverUnvoiced];
}
