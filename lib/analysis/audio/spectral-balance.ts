import type { ActiveFrames } from './active-frames';
import { melBandCentresHz } from './frame-features';
import { mean, slope, std } from './statistics';

/**
 * eGeMAPS/ComParE-style spectral-balance functionals, all from the frames'
 * log-mel band energies (so from the one FFT per frame): the mean and std of
 * every band's level; alpha ratio (50–1000 Hz vs 1–5 kHz energy), Hammarberg
 * index (strongest band below 2 kHz vs 2–5 kHz) and spectral slopes (0–500 Hz,
 * 500–1500 Hz, whole band); spectral flux between consecutive frames. Vocal
 * effort and arousal tilt the spectrum; these are among the strongest
 * non-deep cues for them.
 */
export function spectralBalanceNames(melBands: number): string[] {
  return [
    ...Array.from({ length: melBands }, (_, b) => [`mel${b}_db_mean`, `mel${b}_db_std`]).flat(),
    'alpha_ratio_db_mean',
    'alpha_ratio_db_std',
    'hammarberg_db_mean',
    'hammarberg_db_std',
    'slope_0_500_db_per_khz_mean',
    'slope_0_500_db_per_khz_std',
    'slope_500_1500_db_per_khz_mean',
    'slope_500_1500_db_per_khz_std',
    'slope_all_db_per_khz_mean',
    'slope_all_db_per_khz_std',
    'alpha_ratio_voiced_db_mean',
    'hammarberg_voiced_db_mean',
    'spectral_flux_mean',
    'spectral_flux_std',
  ];
}

const DB_PER_NEPER = 10 / Math.LN10;

export function spectralBalanceFunctionals({ features, active, voiced }: ActiveFrames): number[] {
  const bands = features.melBands;
  const centres = melBandCentresHz(bands, features.sampleRate);
  const logEnergy = (i: number, b: number) => features.melLog[i * bands + b];
  const bandsIn = (low: number, high: number) => centres.flatMap((hz, b) => (hz >= low && hz < high ? [b] : []));
  const [alphaLow, alphaHigh, hammarbergLow, hammarbergHigh] = [bandsIn(50, 1000), bandsIn(1000, 5000), bandsIn(0, 2000), bandsIn(2000, 5000)];
  const energyDb = (i: number, group: number[]) => {
    let sum = 0;
    for (const b of group) sum += Math.exp(logEnergy(i, b));
    return DB_PER_NEPER * Math.log(sum + 1e-10);
  };
  const maxDb = (i: number, group: number[]) => DB_PER_NEPER * Math.max(...group.map((b) => logEnergy(i, b)));
  const alphaRatio = (i: number) => energyDb(i, alphaLow) - energyDb(i, alphaHigh);
  const hammarberg = (i: number) => maxDb(i, hammarbergLow) - maxDb(i, hammarbergHigh);
  const slopeOver = (group: number[]) => {
    const khz = group.map((b) => centres[b] / 1000);
    return (i: number) => slope(khz, group.map((b) => DB_PER_NEPER * logEnergy(i, b)));
  };
  const over = (indices: number[], value: (i: number) => number) => Float64Array.from(indices, value);
  const meanStd = (values: Float64Array) => [mean(values), std(values)];

  const out: number[] = [];
  for (let b = 0; b < bands; b++) out.push(...meanStd(over(active, (i) => DB_PER_NEPER * logEnergy(i, b))));
  out.push(...meanStd(over(active, alphaRatio)), ...meanStd(over(active, hammarberg)));
  for (const group of [bandsIn(0, 500), bandsIn(500, 1500), bandsIn(0, Infinity)]) out.push(...meanStd(over(active, slopeOver(group))));
  out.push(mean(over(voiced, alphaRatio)), mean(over(voiced, hammarberg)));
  const flux: number[] = [];
  for (let k = 1; k < active.length; k++) {
    const i = active[k];
    if (active[k - 1] !== i - 1) continue;
    let sum = 0;
    for (let b = 0; b < bands; b++) sum += (logEnergy(i, b) - logEnergy(i - 1, b)) ** 2;
    flux.push(Math.sqrt(sum / bands));
  }
  out.push(mean(flux), std(flux));
  return out;
}

/** MFCCs whose voiced and unvoiced means are kept. */
const SPLIT_MFCCS = [1, 2, 3, 4];

/**
 * Spectral shape of voiced and unvoiced active frames apart (as eGeMAPS
 * computes its spectral parameters): means of MFCC 1–4 and of the centroid.
 * Pooling over all frames mixes vowels with fricatives and pauses in
 * proportions that depend on the sentence; split, each describes one kind of sound.
 */
export const VOICING_SPLIT_NAMES: readonly string[] = [
  ...SPLIT_MFCCS.flatMap((c) => [`mfcc${c}_voiced_mean`, `mfcc${c}_unvoiced_mean`]),
  'centroid_khz_voiced_mean',
  'centroid_khz_unvoiced_mean',
];

export function voicingSplitFunctionals({ features, voiced, unvoiced }: ActiveFrames): number[] {
  const meanOver = (indices: number[], value: (i: number) => number) => mean(Float64Array.from(indices, value));
  const mfcc = (c: number) => (i: number) => features.mfcc[i * features.mfccCount + c];
  const centroidKhz = (i: number) => features.centroidHz[i] / 1000;
  return [
    ...SPLIT_MFCCS.flatMap((c) => [meanOver(voiced, mfcc(c)), meanOver(unvoiced, mfcc(c))]),
    meanOver(voiced, centroidKhz),
    meanOver(unvoiced, centroidKhz),
  ];
}
