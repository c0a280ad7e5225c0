import { SPEAKER_CEPSTRA } from './speaker-features';

/**
 * A speaker model with no trained weights: one full-covariance Gaussian over
 * the noise-robust cepstra (speaker-features.ts) of a stretch of speech — the
 * classic segment model of BIC diarization (Chen & Gopalakrishnan 1998; the
 * LIUM/ICSI systems). Two stretches are compared by the BIC difference
 * between modelling them with one Gaussian or two; merging two models is exact
 * (their sufficient statistics add), so chunk results carry the model and the
 * lesson-wide clustering needs no audio.
 *
 * Serialised as number[] (SpeechPiece.embedding): [frames, mean (12),
 * covariance upper triangle row by row (78)] — 91 numbers.
 */

export const GAUSSIAN_DIMS = SPEAKER_CEPSTRA;
const TRIANGLE = (GAUSSIAN_DIMS * (GAUSSIAN_DIMS + 1)) / 2;
export const GAUSSIAN_LENGTH = 1 + GAUSSIAN_DIMS + TRIANGLE;
/** Free parameters of one Gaussian (mean + covariance): the BIC penalty's count. */
const PARAMETERS = GAUSSIAN_DIMS + TRIANGLE;
/**
 * Diagonal loading, as a share of the mean variance: keeps the covariance of
 * a short stretch (a 1 s piece has ~60 frames for 78 covariance terms)
 * invertible and its log-determinant from running off.
 */
const DIAGONAL_LOADING = 0.02;

export interface SpeakerGaussian {
  frames: number;
  mean: Float64Array;
  /** Full covariance, row-major GAUSSIAN_DIMS². */
  covariance: Float64Array;
}

/**
 * Prefix sums of the MFCC vector and its outer product over a block of frames,
 * so the Gaussian of any frame range costs O(d²) (change detection tries many).
 */
export class FrameStatistics {
  private readonly counts: Float64Array;
  private readonly sums: Float64Array;
  private readonly squares: Float64Array;

  /**
   * `cepstra`: count × GAUSSIAN_DIMS (speakerCepstra); `use[f]` = 0 leaves
   * frame f out of every Gaussian (frames where noise dominates).
   */
  constructor(cepstra: Float32Array, count: number, use?: Uint8Array) {
    const n = count;
    this.counts = new Float64Array(n + 1);
    this.sums = new Float64Array((n + 1) * GAUSSIAN_DIMS);
    this.squares = new Float64Array((n + 1) * TRIANGLE);
    const x = new Float64Array(GAUSSIAN_DIMS);
    for (let f = 0; f < n; f++) {
      const weight = use ? use[f] : 1;
      this.counts[f + 1] = this.counts[f] + weight;
      for (let i = 0; i < GAUSSIAN_DIMS; i++) x[i] = weight * cepstra[f * GAUSSIAN_DIMS + i];
      const s = f * GAUSSIAN_DIMS;
      for (let i = 0; i < GAUSSIAN_DIMS; i++) this.sums[s + GAUSSIAN_DIMS + i] = this.sums[s + i] + x[i];
      const q = f * TRIANGLE;
      let k = 0;
      for (let i = 0; i < GAUSSIAN_DIMS; i++) {
        for (let j = i; j < GAUSSIAN_DIMS; j++, k++) this.squares[q + TRIANGLE + k] = this.squares[q + k] + x[i] * x[j];
      }
    }
  }

  /** Frames in [start, end) that are used. */
  used(start: number, end: number): number {
    return this.counts[end] - this.counts[start];
  }

  /** The Gaussian of the used frames in [start, end) (at least one must be used). */
  gaussian(start: number, end: number): SpeakerGaussian {
    const frames = Math.max(this.used(start, end), 1);
    const mean = new Float64Array(GAUSSIAN_DIMS);
    for (let i = 0; i < GAUSSIAN_DIMS; i++) mean[i] = (this.sums[end * GAUSSIAN_DIMS + i] - this.sums[start * GAUSSIAN_DIMS + i]) / frames;
    const covariance = new Float64Array(GAUSSIAN_DIMS * GAUSSIAN_DIMS);
    let k = 0;
    for (let i = 0; i < GAUSSIAN_DIMS; i++) {
      for (let j = i; j < GAUSSIAN_DIMS; j++, k++) {
        const c = (this.squares[end * TRIANGLE + k] - this.squares[start * TRIANGLE + k]) / frames - mean[i] * mean[j];
        covariance[i * GAUSSIAN_DIMS + j] = c;
        covariance[j * GAUSSIAN_DIMS + i] = c;
      }
    }
    return { frames, mean, covariance };
  }
}

/** The Gaussian of two stretches together (exact from their statistics). */
export function mergeGaussians(a: SpeakerGaussian, b: SpeakerGaussian): SpeakerGaussian {
  const frames = a.frames + b.frames;
  const wa = a.frames / frames;
  const wb = b.frames / frames;
  const mean = new Float64Array(GAUSSIAN_DIMS);
  for (let i = 0; i < GAUSSIAN_DIMS; i++) mean[i] = wa * a.mean[i] + wb * b.mean[i];
  const covariance = new Float64Array(GAUSSIAN_DIMS * GAUSSIAN_DIMS);
  for (let i = 0; i < GAUSSIAN_DIMS; i++) {
    for (let j = 0; j < GAUSSIAN_DIMS; j++) {
      const at = i * GAUSSIAN_DIMS + j;
      covariance[at] =
        wa * (a.covariance[at] + a.mean[i] * a.mean[j]) + wb * (b.covariance[at] + b.mean[i] * b.mean[j]) - mean[i] * mean[j];
    }
  }
  return { frames, mean, covariance };
}

/** log-determinant of the diagonally loaded covariance (Cholesky). */
export function logDeterminant(g: SpeakerGaussian): number {
  return choleskyOfLoaded(g).logDet;
}

/**
 * Mean log-likelihood per frame of the frames summarised by `sample` under the
 * Gaussian `model` (closed form from both Gaussians' parameters, up to a
 * constant): how well the model explains the sample, whatever the sizes of the
 * two — unlike ΔBIC, which grows with the frames on both sides.
 */
export function expectedLogLikelihood(sample: SpeakerGaussian, model: SpeakerGaussian): number {
  const d = GAUSSIAN_DIMS;
  const { l, logDet } = choleskyOfLoaded(model);
  // tr(Σm⁻¹ Σs) + (μs − μm)ᵀ Σm⁻¹ (μs − μm), one column of Σs at a time through L.
  let quadratic = 0;
  const column = new Float64Array(d);
  for (let j = 0; j <= d; j++) {
    for (let i = 0; i < d; i++) column[i] = j < d ? sample.covariance[i * d + j] : sample.mean[i] - model.mean[i];
    const y = forwardSubstitute(l, column);
    if (j < d) {
      const x = backSubstitute(l, y);
      quadratic += x[j];
    } else quadratic += y.reduce((sum, v) => sum + v * v, 0);
  }
  return -0.5 * (logDet + quadratic);
}

function forwardSubstitute(l: Float64Array, b: Float64Array): Float64Array {
  const d = GAUSSIAN_DIMS;
  const y = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    let sum = b[i];
    for (let k = 0; k < i; k++) sum -= l[i * d + k] * y[k];
    y[i] = sum / l[i * d + i];
  }
  return y;
}

function backSubstitute(l: Float64Array, y: Float64Array): Float64Array {
  const d = GAUSSIAN_DIMS;
  const x = new Float64Array(d);
  for (let i = d - 1; i >= 0; i--) {
    let sum = y[i];
    for (let k = i + 1; k < d; k++) sum -= l[k * d + i] * x[k];
    x[i] = sum / l[i * d + i];
  }
  return x;
}

function choleskyOfLoaded(g: SpeakerGaussian): { l: Float64Array; logDet: number } {
  const d = GAUSSIAN_DIMS;
  let trace = 0;
  for (let i = 0; i < d; i++) trace += g.covariance[i * d + i];
  const loading = (DIAGONAL_LOADING * trace) / d + 1e-9;
  const l = new Float64Array(d * d);
  let logDet = 0;
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = g.covariance[i * d + j] + (i === j ? loading : 0);
      for (let k = 0; k < j; k++) sum -= l[i * d + k] * l[j * d + k];
      if (i === j) {
        const pivot = Math.sqrt(Math.max(sum, 1e-12));
        l[i * d + i] = pivot;
        logDet += 2 * Math.log(pivot);
      } else l[i * d + j] = sum / l[j * d + j];
    }
  }
  return { l, logDet };
}

/**
 * ΔBIC of modelling a and b with one Gaussian instead of two: the
 * generalized likelihood ratio minus `penalty` × the BIC model-size term.
 * Negative means "same speaker" (merge), positive "different speakers".
 * Pass the log-determinants when they are cached.
 */
export function deltaBic(a: SpeakerGaussian, b: SpeakerGaussian, penalty: number, logDetA = logDeterminant(a), logDetB = logDeterminant(b)): number {
  const merged = mergeGaussians(a, b);
  const n = merged.frames;
  const glr = 0.5 * (n * logDeterminant(merged) - a.frames * logDetA - b.frames * logDetB);
  return glr - penalty * 0.5 * PARAMETERS * Math.log(n);
}

export function encodeGaussian(g: SpeakerGaussian): number[] {
  const out = [g.frames, ...Array.from(g.mean, significant)];
  for (let i = 0; i < GAUSSIAN_DIMS; i++) for (let j = i; j < GAUSSIAN_DIMS; j++) out.push(significant(g.covariance[i * GAUSSIAN_DIMS + j]));
  return out;
}

export function decodeGaussian(values: readonly number[]): SpeakerGaussian {
  if (values.length !== GAUSSIAN_LENGTH) throw new Error(`a speaker Gaussian has ${GAUSSIAN_LENGTH} numbers, got ${values.length}`);
  const mean = Float64Array.from(values.slice(1, 1 + GAUSSIAN_DIMS));
  const covariance = new Float64Array(GAUSSIAN_DIMS * GAUSSIAN_DIMS);
  let k = 1 + GAUSSIAN_DIMS;
  for (let i = 0; i < GAUSSIAN_DIMS; i++) {
    for (let j = i; j < GAUSSIAN_DIMS; j++, k++) {
      covariance[i * GAUSSIAN_DIMS + j] = values[k];
      covariance[j * GAUSSIAN_DIMS + i] = values[k];
    }
  }
  return { frames: values[0], mean, covariance };
}

/** Five significant digits: enough for log-determinants of 12×12 covariances, compact in jsonb. */
function significant(x: number): number {
  return Number(x.toPrecision(5));
}
