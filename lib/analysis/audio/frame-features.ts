import { ANALYSIS_SAMPLE_RATE } from './decode';
import { RealFft } from './fft';
import { applyMelFilterBank, dctMatrix, melEdgesHz, melFilterBank, type MelFilterBank } from './mel';
import { DEFAULT_PITCH_OPTIONS, PitchTracker, type PitchOptions } from './pitch';

export interface FrameFeatureOptions {
  sampleRate: number;
  /** Analysis window in samples (32 ms at 16 kHz). */
  frameSize: number;
  /** Hop between frame starts in samples (16 ms at 16 kHz). */
  hop: number;
  /** FFT size; ≥ 2 × frameSize so the pitch autocorrelation is linear, not circular. */
  fftSize: number;
  melBands: number;
  mfccCount: number;
  /** Fraction of spectral magnitude below the rolloff frequency. */
  rolloffFraction: number;
  pitch: Omit<PitchOptions, 'sampleRate'>;
}

export const DEFAULT_FRAME_OPTIONS: FrameFeatureOptions = {
  sampleRate: ANALYSIS_SAMPLE_RATE,
  frameSize: 512,
  hop: 256,
  fftSize: 1024,
  melBands: 26,
  mfccCount: 13,
  rolloffFraction: 0.85,
  pitch: DEFAULT_PITCH_OPTIONS,
};

/**
 * Per-frame features in columnar form: frame i of the block is stream frame
 * `firstFrame + i`, covering samples [(firstFrame+i)·hop, … + frameSize).
 */
export interface FrameFeatures {
  sampleRate: number;
  frameSize: number;
  hop: number;
  mfccCount: number;
  melBands: number;
  firstFrame: number;
  count: number;
  /** count × mfccCount, frame-major: mfcc[i * mfccCount + c]. */
  mfcc: Float32Array;
  /** count × melBands natural-log mel band energies (the MFCCs' input), frame-major: melLog[i * melBands + b]. */
  melLog: Float32Array;
  /** Root mean square of the (unwindowed) frame, full scale = 1. */
  rms: Float32Array;
  /** Zero crossings per sample, 0..1. */
  zcr: Float32Array;
  centroidHz: Float32Array;
  /** Spectral flatness (geometric / arithmetic mean of the magnitude spectrum), 0..1. */
  flatness: Float32Array;
  rolloffHz: Float32Array;
  /** Fundamental frequency in Hz; 0 where unvoiced. */
  f0Hz: Float32Array;
  /** Periodicity strength 0..1 (normalised autocorrelation peak). */
  periodicity: Float32Array;
  /** 1 where voiced, else 0. */
  voiced: Uint8Array;
}

/** Centre time in seconds of stream frame `index`. */
export function frameTimeSeconds(index: number, options: Pick<FrameFeatureOptions, 'sampleRate' | 'hop' | 'frameSize'> = DEFAULT_FRAME_OPTIONS): number {
  return (index * options.hop + options.frameSize / 2) / options.sampleRate;
}

/**
 * Incremental frame-feature extractor: push PCM chunks of any length (from
 * `streamAudio` or a live source) and get the features of every frame that is
 * complete so far. One FFT per frame feeds MFCC, centroid, flatness, rolloff
 * and the pitch autocorrelation. Output is identical whatever the chunking.
 */
export class FrameFeatureExtractor {
  readonly options: FrameFeatureOptions;
  private readonly fft: RealFft;
  private readonly window: Float64Array;
  private readonly pitch: PitchTracker;
  private readonly melBank: MelFilterBank;
  private readonly dct: Float64Array;
  private readonly power: Float64Array;
  private readonly magnitude: Float64Array;
  private readonly melLog: Float64Array;
  private readonly binHz: number;
  /** Samples not yet consumed by a frame (always < frameSize + pushed chunk). */
  private carry: Float32Array = new Float32Array(0);
  private nextFrame = 0;

  constructor(options: Partial<FrameFeatureOptions> = {}) {
    this.options = { ...DEFAULT_FRAME_OPTIONS, ...options, pitch: { ...DEFAULT_FRAME_OPTIONS.pitch, ...options.pitch } };
    const { frameSize, fftSize, sampleRate, melBands, mfccCount, hop } = this.options;
    if (hop < 1 || hop > frameSize) throw new Error('hop must be in 1..frameSize');
    this.fft = new RealFft(fftSize);
    this.window = new Float64Array(frameSize);
    for (let i = 0; i < frameSize; i++) this.window[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (frameSize - 1));
    this.pitch = new PitchTracker(this.fft, this.window, { ...this.options.pitch, sampleRate });
    this.binHz = sampleRate / fftSize;
    this.melBank = melFilterBank(melBands, this.fft.bins, this.binHz, MEL_LOW_HZ, sampleRate / 2);
    this.dct = dctMatrix(mfccCount, melBands);
    this.power = new Float64Array(this.fft.bins);
    this.magnitude = new Float64Array(this.fft.bins);
    this.melLog = new Float64Array(melBands);
  }

  /** Features of the frames completed by `chunk` (possibly none). */
  push(chunk: Float32Array): FrameFeatures {
    const { frameSize, hop } = this.options;
    const samples = this.carry.length === 0 ? chunk : concat(this.carry, chunk);
    const count = samples.length >= frameSize ? Math.floor((samples.length - frameSize) / hop) + 1 : 0;
    const block = this.allocate(count);
    for (let i = 0; i < count; i++) this.analyseFrame(samples.subarray(i * hop, i * hop + frameSize), block, i);
    this.carry = samples.slice(count * hop);
    this.nextFrame += count;
    return block;
  }

  private allocate(count: number): FrameFeatures {
    const { sampleRate, frameSize, hop, mfccCount, melBands } = this.options;
    return {
      sampleRate,
      frameSize,
      hop,
      mfccCount,
      melBands,
      firstFrame: this.nextFrame,
      count,
      mfcc: new Float32Array(count * mfccCount),
      melLog: new Float32Array(count * melBands),
      rms: new Float32Array(count),
      zcr: new Float32Array(count),
      centroidHz: new Float32Array(count),
      flatness: new Float32Array(count),
      rolloffHz: new Float32Array(count),
      f0Hz: new Float32Array(count),
      periodicity: new Float32Array(count),
      voiced: new Uint8Array(count),
    };
  }

  private analyseFrame(frame: Float32Array, out: FrameFeatures, i: number): void {
    const n = frame.length;
    let energy = 0;
    let crossings = 0;
    for (let t = 0; t < n; t++) {
      const x = frame[t];
      energy += x * x;
      if (t > 0 && frame[t - 1] >= 0 !== x >= 0) crossings++;
    }
    const rms = Math.sqrt(energy / n);
    out.rms[i] = rms;
    out.zcr[i] = crossings / (n - 1);

    const power = this.fft.powerSpectrum(frame, this.power, this.window);
    const magnitude = this.magnitude;
    let magnitudeSum = 0;
    let weightedSum = 0;
    let logSum = 0;
    for (let k = 0; k < power.length; k++) {
      const m = Math.sqrt(power[k]);
      magnitude[k] = m;
      magnitudeSum += m;
      weightedSum += k * m;
      logSum += Math.log(m + 1e-12);
    }
    const bins = power.length;
    out.centroidHz[i] = magnitudeSum > 0 ? (weightedSum / magnitudeSum) * this.binHz : 0;
    out.flatness[i] = magnitudeSum > 0 ? Math.exp(logSum / bins) / (magnitudeSum / bins) : 0;
    const rolloffTarget = this.options.rolloffFraction * magnitudeSum;
    let cumulative = 0;
    let rolloffBin = 0;
    for (; rolloffBin < bins - 1; rolloffBin++) {
      cumulative += magnitude[rolloffBin];
      if (cumulative >= rolloffTarget) break;
    }
    out.rolloffHz[i] = rolloffBin * this.binHz;

    const melLog = this.melLog;
    applyMelFilterBank(this.melBank, power, melLog);
    for (let b = 0; b < melLog.length; b++) {
      melLog[b] = Math.log(melLog[b] + 1e-10);
      out.melLog[i * melLog.length + b] = melLog[b];
    }
    const { mfccCount } = this.options;
    for (let c = 0; c < mfccCount; c++) {
      let sum = 0;
      for (let b = 0; b < melLog.length; b++) sum += this.dct[c * melLog.length + b] * melLog[b];
      out.mfcc[i * mfccCount + c] = sum;
    }

    const pitch = this.pitch.estimate(power, rms);
    out.f0Hz[i] = pitch.f0;
    out.periodicity[i] = pitch.periodicity;
    out.voiced[i] = pitch.voiced ? 1 : 0;
  }
}

/** Frame features of a whole in-memory signal (e.g. one utterance). */
export function extractFrameFeatures(pcm: Float32Array, options: Partial<FrameFeatureOptions> = {}): FrameFeatures {
  return new FrameFeatureExtractor(options).push(pcm);
}

/** Joins consecutive blocks from one extractor into one block. */
export function concatFrameFeatures(blocks: FrameFeatures[]): FrameFeatures {
  if (blocks.length === 0) throw new Error('no frame-feature blocks to join');
  const first = blocks[0];
  const count = blocks.reduce((total, block) => total + block.count, 0);
  const join = <T extends Float32Array | Uint8Array>(pick: (block: FrameFeatures) => T, make: (length: number) => T, width = 1): T => {
    const out = make(count * width);
    let at = 0;
    for (const block of blocks) {
      out.set(pick(block), at);
      at += block.count * width;
    }
    return out;
  };
  const f32 = (length: number) => new Float32Array(length);
  return {
    sampleRate: first.sampleRate,
    frameSize: first.frameSize,
    hop: first.hop,
    mfccCount: first.mfccCount,
    melBands: first.melBands,
    firstFrame: first.firstFrame,
    count,
    mfcc: join((b) => b.mfcc, f32, first.mfccCount),
    melLog: join((b) => b.melLog, f32, first.melBands),
    rms: join((b) => b.rms, f32),
    zcr: join((b) => b.zcr, f32),
    centroidHz: join((b) => b.centroidHz, f32),
    flatness: join((b) => b.flatness, f32),
    rolloffHz: join((b) => b.rolloffHz, f32),
    f0Hz: join((b) => b.f0Hz, f32),
    periodicity: join((b) => b.periodicity, f32),
    voiced: join((b) => b.voiced, (length) => new Uint8Array(length)),
  };
}

/** Frames [start, end) of a block, as zero-copy views; indices are relative to the block. */
export function sliceFrameFeatures(features: FrameFeatures, start: number, end: number): FrameFeatures {
  const from = Math.max(0, Math.min(features.count, start));
  const to = Math.max(from, Math.min(features.count, end));
  const width = features.mfccCount;
  return {
    ...features,
    firstFrame: features.firstFrame + from,
    count: to - from,
    mfcc: features.mfcc.subarray(from * width, to * width),
    melLog: features.melLog.subarray(from * features.melBands, to * features.melBands),
    rms: features.rms.subarray(from, to),
    zcr: features.zcr.subarray(from, to),
    centroidHz: features.centroidHz.subarray(from, to),
    flatness: features.flatness.subarray(from, to),
    rolloffHz: features.rolloffHz.subarray(from, to),
    f0Hz: features.f0Hz.subarray(from, to),
    periodicity: features.periodicity.subarray(from, to),
    voiced: features.voiced.subarray(from, to),
  };
}

/** Lowest edge of the mel filters; the highest is Nyquist. */
const MEL_LOW_HZ = 20;

/** Centre frequency in Hz of each mel band of FrameFeatures.melLog. */
export function melBandCentresHz(bands: number = DEFAULT_FRAME_OPTIONS.melBands, sampleRate: number = DEFAULT_FRAME_OPTIONS.sampleRate): number[] {
  return melEdgesHz(bands, MEL_LOW_HZ, sampleRate / 2).slice(1, -1);
}

function concat(a: Float32Array, b: Float32Array): Float32Array {
  const out = new Float32Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
