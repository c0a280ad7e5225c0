import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { ANALYSIS_SAMPLE_RATE } from '../audio/decode';
import { VOICE_MODEL_DIR } from './models';
import { VOICE_TEMPLATE_MODEL } from './template-model';

/**
 * The pretrained GE2E speaker encoder of resemblyzer 0.1.4 (Apache-2.0), derived into ONNX by
 * research/voice/speaker-encoder/derive.py and run by onnxruntime-node on one CPU thread: 40-band mel power frames
 * (25 ms every 10 ms) → 3-layer LSTM → 256-d L2-normalised embedding. Model card: models/voice/README.md.
 *
 * Enrolments store this id beside their embedding: an embedding from another model is not comparable.
 */
export const SPEAKER_ENCODER_MODEL_ID = `${VOICE_TEMPLATE_MODEL.name} ${VOICE_TEMPLATE_MODEL.version}`;
export const EMBEDDING_SIZE = 256;
export const MEL_BANDS = 40;
/** Mel frames per second (10 ms hop). */
export const MEL_FRAME_RATE = 100;
const FRAME_SAMPLES = 400;
const HOP_SAMPLES = ANALYSIS_SAMPLE_RATE / MEL_FRAME_RATE;
/** The package's volume normalisation: quieter audio is raised to −30 dBFS RMS before embedding (never lowered). */
const TARGET_RMS = 10 ** (-30 / 20);
/** Mel frames computed per onnxruntime call (bounds the frame matrix to ~10 MB). */
const MEL_BLOCK_FRAMES = 6000;
const EMBED_BATCH = 32;
/** embed_utterance of the package: 1.6 s partial windows, 1.3 per second, the last kept if it is ≥ 75 % audio. */
const PARTIAL_FRAMES = 160;
const PARTIAL_RATE = 1.3;
const PARTIAL_MIN_COVERAGE = 0.75;

export interface MelSpectrogram {
  /** Frame-major mel power, frames × MEL_BANDS; frame k is centred on sample k·160. */
  values: Float32Array;
  frames: number;
}

/** A span of a mel spectrogram to embed, with the gain (power factor) that brings its audio to the package's level. */
export interface MelWindow {
  mel: MelSpectrogram;
  startFrame: number;
  endFrame: number;
  powerGain: number;
}

export class SpeakerEncoder {
  private constructor(
    private readonly melSession: ort.InferenceSession,
    private readonly encoderSession: ort.InferenceSession,
  ) {}

  static async load(): Promise<SpeakerEncoder> {
    const options: ort.InferenceSession.SessionOptions = { intraOpNumThreads: 1, interOpNumThreads: 1, executionMode: 'sequential', graphOptimizationLevel: 'all' };
    const [mel, encoder] = await Promise.all([
      ort.InferenceSession.create(path.join(VOICE_MODEL_DIR, 'speaker-mel.onnx'), options),
      ort.InferenceSession.create(path.join(VOICE_MODEL_DIR, 'speaker-encoder.onnx'), options),
    ]);
    return new SpeakerEncoder(mel, encoder);
  }

  /** librosa.feature.melspectrogram(n_fft=400, hop_length=160, n_mels=40) of the package: centred frames, zeros beyond the ends. */
  async melSpectrogram(pcm: Float32Array): Promise<MelSpectrogram> {
    const frames = 1 + Math.floor(pcm.length / HOP_SAMPLES);
    const values = new Float32Array(frames * MEL_BANDS);
    for (let from = 0; from < frames; from += MEL_BLOCK_FRAMES) {
      const count = Math.min(MEL_BLOCK_FRAMES, frames - from);
      const block = new Float32Array(count * FRAME_SAMPLES);
      for (let k = 0; k < count; k++) {
        const start = (from + k) * HOP_SAMPLES - FRAME_SAMPLES / 2;
        const lo = Math.max(0, -start);
        const hi = Math.min(FRAME_SAMPLES, pcm.length - start);
        if (hi > lo) block.set(pcm.subarray(start + lo, start + hi), k * FRAME_SAMPLES + lo);
      }
      const output = await this.melSession.run({ frames: new ort.Tensor('float32', block, [count, FRAME_SAMPLES]) });
      values.set(output.mel.data as Float32Array, from * MEL_BANDS);
    }
    return { values, frames };
  }

  /** One L2-normalised embedding per window; windows of equal length share a batch. */
  async embed(windows: MelWindow[]): Promise<Float32Array[]> {
    const out = new Array<Float32Array>(windows.length);
    const byLength = new Map<number, number[]>();
    windows.forEach((w, i) => {
      const length = w.endFrame - w.startFrame;
      if (length <= 0) throw new Error('an empty window cannot be embedded');
      byLength.set(length, [...(byLength.get(length) ?? []), i]);
    });
    for (const [length, members] of byLength) {
      for (let at = 0; at < members.length; at += EMBED_BATCH) {
        const batch = members.slice(at, at + EMBED_BATCH);
        const input = new Float32Array(batch.length * length * MEL_BANDS);
        batch.forEach((index, b) => {
          const w = windows[index];
          const offset = b * length * MEL_BANDS;
          input.set(w.mel.values.subarray(w.startFrame * MEL_BANDS, w.endFrame * MEL_BANDS), offset);
          if (w.powerGain !== 1) for (let i = offset; i < offset + length * MEL_BANDS; i++) input[i] *= w.powerGain;
        });
        const output = await this.encoderSession.run({ mel: new ort.Tensor('float32', input, [batch.length, length, MEL_BANDS]) });
        const data = output.embedding.data as Float32Array;
        batch.forEach((index, b) => (out[index] = data.slice(b * EMBEDDING_SIZE, (b + 1) * EMBEDDING_SIZE)));
      }
    }
    return out;
  }

  /**
   * The package's embed_utterance on its volume-normalised input: partial windows of 1.6 s, 1.3 per second,
   * zero-padded at the end, their embeddings averaged and normalised. Used for enrolment samples (speech only).
   */
  async embedUtterance(pcm: Float32Array): Promise<Float32Array> {
    const gain = volumeGain(pcm);
    const frameCount = Math.ceil((pcm.length + 1) / HOP_SAMPLES);
    const step = Math.round(ANALYSIS_SAMPLE_RATE / PARTIAL_RATE / HOP_SAMPLES);
    const starts: number[] = [];
    for (let i = 0; i < Math.max(1, frameCount - PARTIAL_FRAMES + step + 1); i += step) starts.push(i);
    const last = starts[starts.length - 1];
    const coverage = (pcm.length - last * HOP_SAMPLES) / (PARTIAL_FRAMES * HOP_SAMPLES);
    if (coverage < PARTIAL_MIN_COVERAGE && starts.length > 1) starts.pop();
    const padded = new Float32Array(Math.max(pcm.length, (starts[starts.length - 1] + PARTIAL_FRAMES) * HOP_SAMPLES));
    padded.set(pcm);
    const mel = await this.melSpectrogram(padded);
    const partials = await this.embed(starts.map((start) => ({ mel, startFrame: start, endFrame: start + PARTIAL_FRAMES, powerGain: gain * gain })));
    return normalised(meanOf(partials));
  }
}

let shared: Promise<SpeakerEncoder> | undefined;

/** The process's encoder (two onnxruntime sessions, ~30 MB), loaded on first use. */
export function loadSpeakerEncoder(): Promise<SpeakerEncoder> {
  shared ??= SpeakerEncoder.load();
  return shared;
}

/** The package's normalize_volume(increase_only=True) as a sample gain: RMS up to −30 dBFS, never down. */
export function volumeGain(pcm: Float32Array, from = 0, to = pcm.length): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum += pcm[i] * pcm[i];
  const rms = Math.sqrt(sum / Math.max(1, to - from));
  return rms > 0 ? Math.max(1, TARGET_RMS / rms) : 1;
}

export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0, na = 0, nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : 0;
}

export function meanOf(vectors: ArrayLike<number>[], weights?: number[]): Float32Array {
  const out = new Float32Array(vectors[0]?.length ?? EMBEDDING_SIZE);
  vectors.forEach((v, k) => {
    const w = weights?.[k] ?? 1;
    for (let i = 0; i < out.length; i++) out[i] += w * v[i];
  });
  return out;
}

export function normalised(vector: Float32Array): Float32Array {
  let norm = 0;
  for (const v of vector) norm += v * v;
  norm = Math.sqrt(norm);
  return norm > 0 ? vector.map((v) => v / norm) : vector;
}
