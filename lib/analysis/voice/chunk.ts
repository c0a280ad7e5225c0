import { ANALYSIS_SAMPLE_RATE, streamAudio } from '../audio/decode';
import { concatFrameFeatures, FrameFeatureExtractor, frameTimeSeconds, type FrameFeatures } from '../audio/frame-features';
import { loadVoiceModels, type VoiceModels } from './models';
import { loadSpeakerEncoder, type SpeakerEncoder } from './speaker-encoder';
import { sileroSpeechProbabilities, SILERO_FRAME } from './silero-vad';
import { speakerSegments, type SegmentationOptions } from './speaker-segments';
import { emotionWindowFeatures } from './turn-emotion';
import type { QualityTotals, SpeechPiece, TimeSpan, VoiceChunkResult, VoiceSegment } from './types';
import { frameDb, noiseFloorDb, speechFrameSpans, speechProbabilities, type FrameSpan } from './vad';
import { roundTo } from '../../round';

export interface VoiceChunkInput {
  /** The lesson's audio track (the worker's 16 kHz mono 16-bit WAV; anything ffmpeg reads works). */
  audioPath: string;
  startS: number;
  endS: number;
}

/**
 * Which voice-activity detection decides speech: 'both' (shipped) takes our network's spans where Silero VAD
 * also hears speech within SILERO_DILATION_S (Silero does not take music, applause or a hum for speech; ours
 * places the edges and ignores the murmur Silero hears); 'ours' or 'silero' alone are for comparison (eval:audio --vad).
 */
export type VadChoice = 'both' | 'ours' | 'silero';
export const SILERO_THRESHOLD = 0.5;
const SILERO_DILATION_S = 0.25;

export interface VoiceChunkOptions extends SegmentationOptions {
  vad?: VadChoice;
  /** Speech-emotion features per piece (on by default); false leaves them out, and the lesson gets no emotion. */
  emotion?: boolean;
  models?: VoiceModels;
  encoder?: SpeakerEncoder;
  /** Checked after every decoded second: an aborted analysis stops there (its decoder is ended) and throws the abort reason. */
  signal?: AbortSignal;
  /** Called as the chunk is read, with the share of its seconds decoded and measured so far. */
  onProgress?(fraction: number): void;
}

const FINAL_PITCH_S = 0.8;
/** Samples at or beyond this magnitude count as clipped (16-bit full scale is 32767/32768). */
const CLIP_LEVEL = 0.999;

/**
 * Analyses [startS, endS) of a lesson's audio track: streams and decodes just
 * that span, computes the shared frame features, detects speech, cuts it into
 * voice segments with the speaker encoder (speaker-segments.ts), and describes
 * each piece of speech (level, pitch, emotion features).
 * Memory is bounded by the chunk length (a 5-minute chunk holds ~19 MB of PCM, ~5 MB of mel frames).
 */
export async function analyseVoiceChunk(input: VoiceChunkInput, options: VoiceChunkOptions = {}): Promise<VoiceChunkResult> {
  const models = options.models ?? (await loadVoiceModels());
  const sampleRate = ANALYSIS_SAMPLE_RATE;
  const extractor = new FrameFeatureExtractor();
  const blocks: FrameFeatures[] = [];
  const pcmParts: Float32Array[] = [];
  let samples = 0;
  let clippedSamples = 0;
  for await (const part of streamAudio(input.audioPath, { startSeconds: input.startS, durationSeconds: input.endS - input.startS })) {
    for (let i = 0; i < part.length; i++) if (Math.abs(part[i]) >= CLIP_LEVEL) clippedSamples++;
    samples += part.length;
    pcmParts.push(part);
    blocks.push(extractor.push(part));
    options.signal?.throwIfAborted();
    options.onProgress?.(Math.min(1, samples / sampleRate / (input.endS - input.startS)));
  }
  const pcm = joinPcm(pcmParts, samples);
  const quality: QualityTotals = { samples, clippedSamples, frames: 0, speechFrames: 0, noiseFrames: 0, speechPowerSum: 0, noisePowerSum: 0, allPowerSum: 0 };
  const empty: VoiceChunkResult = { version: 4, startS: input.startS, endS: input.startS + samples / sampleRate, segments: [], pieces: [], speechLevelDbPerSecond: [], quality };
  const features = blocks.length > 0 ? concatFrameFeatures(blocks) : null;
  if (!features || features.count === 0) return empty;

  const hopS = features.hop / sampleRate;
  const { spans, heardByOurs } = await detectSpeech(features, pcm, models, options.vad ?? 'both');
  const isSpeech = new Uint8Array(features.count);
  for (const span of spans) isSpeech.fill(1, span.start, span.end);
  // Speech that Silero vetoed is neither speech nor background: the SNR estimate would count quiet talk as noise.
  const isBackground = new Uint8Array(features.count).fill(1);
  for (const span of heardByOurs) isBackground.fill(0, span.start, span.end);
  quality.frames = features.count;
  for (let f = 0; f < features.count; f++) {
    const power = features.rms[f] ** 2;
    quality.allPowerSum += power;
    if (isSpeech[f]) {
      quality.speechFrames++;
      quality.speechPowerSum += power;
    } else if (isBackground[f]) {
      quality.noiseFrames++;
      quality.noisePowerSum += power;
    }
  }
  const speechLevelDbPerSecond = speechLevelPerSecond(features, isSpeech, samples / sampleRate);
  if (spans.length === 0) return { ...empty, speechLevelDbPerSecond };

  const spanSeconds = spans.map((span) => ({ startS: (span.start * features.hop) / sampleRate, endS: ((span.end - 1) * features.hop + features.frameSize) / sampleRate }));
  const encoder = options.encoder ?? (await loadSpeakerEncoder());
  const voiceSegments = await speakerSegments(encoder, pcm, await encoder.melSpectrogram(pcm), spanSeconds, options);
  const framesOf = (s: TimeSpan): FrameSpan => {
    const start = Math.max(0, Math.round((s.startS * sampleRate) / features.hop));
    return { start, end: Math.min(features.count, Math.max(start + 1, Math.round((s.endS * sampleRate - features.frameSize) / features.hop) + 1)) };
  };
  const floorDb = noiseFloorDb(features);
  const segments: VoiceSegment[] = [];
  const pieces: SpeechPiece[] = [];
  voiceSegments.forEach((segment, index) => {
    const parts = spanSeconds
      .map((s) => ({ startS: Math.max(s.startS, segment.startS), endS: Math.min(s.endS, segment.endS) }))
      .filter((s) => s.endS - s.startS > hopS);
    if (parts.length === 0) return;
    if (segment.overlapStartS !== null) parts[0].startS = Math.min(parts[0].startS, segment.overlapStartS);
    if (segment.overlapEndS !== null) parts[parts.length - 1].endS = Math.max(parts[parts.length - 1].endS, segment.overlapEndS);
    segments.push({
      startS: roundTo(input.startS + segment.startS, 3),
      endS: roundTo(input.startS + segment.endS, 3),
      embedding: Array.from(segment.embedding, (v) => roundTo(v, 4)),
      speechS: roundTo(parts.reduce((sum, p) => sum + p.endS - p.startS, 0), 3),
      snrDb: roundTo(speechToFloorDb(features, floorDb, parts.map(framesOf)), 2),
    });
    for (const part of parts) {
      const span = framesOf(part);
      const piecePcm = pcm.subarray(Math.round(part.startS * sampleRate), Math.min(pcm.length, Math.round(part.endS * sampleRate)));
      pieces.push({
        startS: roundTo(input.startS + part.startS, 3),
        endS: roundTo(input.startS + part.endS, 3),
        segment: segments.length - 1,
        levelDb: roundTo(frameDb(rmsOf(piecePcm)), 2),
        medianF0Hz: medianVoicedF0(features, span),
        finalPitchSlope: finalPitchSlope(features, span, hopS),
        emotionFeatures: options.emotion === false ? [] : emotionWindowFeatures(features, span, input.startS),
      });
    }
  });
  return { ...empty, segments, pieces, speechLevelDbPerSecond };
}

/** Speech spans, and the spans our network alone hears (the rest is taken as background for the SNR estimate). */
async function detectSpeech(features: FrameFeatures, pcm: Float32Array, models: VoiceModels, choice: VadChoice): Promise<{ spans: FrameSpan[]; heardByOurs: FrameSpan[] }> {
  const hopS = features.hop / ANALYSIS_SAMPLE_RATE;
  const ours = speechProbabilities(features, models.vad);
  const heardByOurs = speechFrameSpans(ours, hopS, models.vad);
  return { spans: choice === 'ours' ? heardByOurs : await vetoedBySilero(features, pcm, models, ours, choice), heardByOurs };
}

async function vetoedBySilero(features: FrameFeatures, pcm: Float32Array, models: VoiceModels, ours: Float32Array, choice: VadChoice): Promise<FrameSpan[]> {
  const hopS = features.hop / ANALYSIS_SAMPLE_RATE;
  const silero = await sileroSpeechProbabilities(pcm);
  const sileroAt = (f: number) => silero[Math.min(silero.length - 1, Math.floor((f * features.hop + features.frameSize / 2) / SILERO_FRAME))] ?? 0;
  if (choice === 'silero') return speechFrameSpans(Float32Array.from({ length: features.count }, (_, f) => sileroAt(f)), hopS, { ...models.vad, threshold: SILERO_THRESHOLD });
  const heard = new Uint8Array(silero.length);
  const reach = Math.round((SILERO_DILATION_S * ANALYSIS_SAMPLE_RATE) / SILERO_FRAME);
  silero.forEach((p, k) => p >= SILERO_THRESHOLD && heard.fill(1, Math.max(0, k - reach), Math.min(silero.length, k + reach + 1)));
  const vetoed = ours.map((p, f) => (heard[Math.min(heard.length - 1, Math.floor((f * features.hop + features.frameSize / 2) / SILERO_FRAME))] ? p : 0));
  return speechFrameSpans(vetoed, hopS, models.vad);
}

/** Mean power of the frames over the mean power of the local noise floor under them, dB: how clearly the segment's voice stands out. */
function speechToFloorDb(features: FrameFeatures, floorDb: Float32Array, spans: FrameSpan[]): number {
  let speech = 0;
  let floor = 0;
  for (const span of spans) {
    for (let f = span.start; f < span.end; f++) {
      speech += features.rms[f] ** 2;
      floor += 10 ** (floorDb[f] / 10);
    }
  }
  return floor > 0 ? 10 * Math.log10(Math.max(speech, 1e-12) / floor) : 0;
}

function medianVoicedF0(features: FrameFeatures, span: FrameSpan): number | null {
  const values: number[] = [];
  for (let f = span.start; f < span.end; f++) if (features.voiced[f] && features.f0Hz[f] > 0) values.push(features.f0Hz[f]);
  if (values.length === 0) return null;
  values.sort((a, b) => a - b);
  return roundTo(values[Math.floor(values.length / 2)], 2);
}

/** Least-squares slope of 12·log2(F0) against time over voiced frames of the piece's last 0.8 s, semitones/s. */
function finalPitchSlope(features: FrameFeatures, span: FrameSpan, hopS: number): number | null {
  let lastVoiced = span.end - 1;
  while (lastVoiced >= span.start && !(features.voiced[lastVoiced] && features.f0Hz[lastVoiced] > 0)) lastVoiced--;
  if (lastVoiced < span.start) return null;
  const from = Math.max(span.start, lastVoiced - Math.round(FINAL_PITCH_S / hopS));
  const xs: number[] = [];
  const ys: number[] = [];
  for (let f = from; f <= lastVoiced; f++) {
    if (!features.voiced[f] || features.f0Hz[f] <= 0) continue;
    xs.push(f * hopS);
    ys.push(12 * Math.log2(features.f0Hz[f]));
  }
  if (xs.length < 8) return null;
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  let num = 0;
  let den = 0;
  for (let i = 0; i < xs.length; i++) {
    num += (xs[i] - mx) * (ys[i] - my);
    den += (xs[i] - mx) ** 2;
  }
  return den > 0 ? roundTo(num / den, 2) : null;
}

function speechLevelPerSecond(features: FrameFeatures, isSpeech: Uint8Array, durationS: number): (number | null)[] {
  const seconds = Math.ceil(durationS - 1e-6);
  const power = new Float64Array(seconds);
  const count = new Uint32Array(seconds);
  for (let f = 0; f < features.count; f++) {
    if (!isSpeech[f]) continue;
    const second = Math.min(seconds - 1, Math.floor(frameTimeSeconds(f, features)));
    power[second] += features.rms[f] ** 2;
    count[second]++;
  }
  return Array.from(power, (p, s) => (count[s] > 0 ? roundTo(10 * Math.log10(p / count[s] + 1e-14), 2) : null));
}

function joinPcm(parts: Float32Array[], total: number): Float32Array {
  const out = new Float32Array(total);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

function rmsOf(pcm: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < pcm.length; i++) sum += pcm[i] * pcm[i];
  return Math.sqrt(sum / Math.max(pcm.length, 1));
}

