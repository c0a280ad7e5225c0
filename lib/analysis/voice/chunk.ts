import { ANALYSIS_SAMPLE_RATE, streamAudio } from '../audio/decode';
import { concatFrameFeatures, FrameFeatureExtractor, frameTimeSeconds, type FrameFeatures } from '../audio/frame-features';
import { loadVoiceModels, type VoiceModels } from './models';
import { bicClusters, CLUSTER_PENALTY, MIN_CLUSTER_FRAMES } from './clustering';
import { speakerCepstra } from './speaker-features';
import { deltaBic, encodeGaussian, FrameStatistics } from './speaker-gaussian';
import { emotionWindowFeatures } from './turn-emotion';
import type { QualityTotals, SpeechPiece, VoiceChunkResult } from './types';
import { frameDb, noiseFloorDb, speechFrameSpans, speechProbabilities, type FrameSpan } from './vad';
import { roundTo } from '../../round';

export interface VoiceChunkInput {
  /** The lesson's audio track (the worker's 16 kHz mono 16-bit WAV; anything ffmpeg reads works). */
  audioPath: string;
  startS: number;
  endS: number;
}

export interface VoiceChunkOptions {
  /** Speech-emotion features per piece (on by default); false leaves them out, and the lesson gets no emotion. */
  emotion?: boolean;
  models?: VoiceModels;
  /** Overrides CHANGE_PENALTY (for tuning). */
  changePenalty?: number;
}

/**
 * BIC change detection inside a speech segment: each side of a candidate
 * change needs this much speech, candidates are tried every CHANGE_STEP_FRAMES.
 */
const MIN_SIDE_FRAMES = 62; // 1 s at a 16 ms hop
const CHANGE_STEP_FRAMES = 4;
/** Frames whose level is less than this above the local noise floor are left out of speaker models (noise dominates them). */
const SPEAKER_FRAME_MIN_ABOVE_FLOOR_DB = 6;
/** BIC penalty weight (λ) of change detection, chosen on lessons of the RAVDESS train actors (npm run eval:audio -- --split train). */
export const CHANGE_PENALTY = 1;
const FINAL_PITCH_S = 0.8;
/** Samples at or beyond this magnitude count as clipped (16-bit full scale is 32767/32768). */
const CLIP_LEVEL = 0.999;

/**
 * Analyses [startS, endS) of a lesson's audio track: streams and decodes just
 * that span, computes the shared frame features, detects speech, splits it
 * where the voice changes, embeds each piece and pools its emotion features.
 * Memory is bounded by the chunk length (a 5-minute chunk holds ~19 MB of PCM).
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
  }
  const pcm = joinPcm(pcmParts, samples);
  const quality: QualityTotals = { samples, clippedSamples, frames: 0, speechFrames: 0, speechPowerSum: 0, noisePowerSum: 0 };
  const empty: VoiceChunkResult = { version: 3, startS: input.startS, endS: input.startS + samples / sampleRate, pieces: [], speechLevelDbPerSecond: [], quality };
  const features = blocks.length > 0 ? concatFrameFeatures(blocks) : null;
  if (!features || features.count === 0) return empty;

  const hopS = features.hop / sampleRate;
  const frameTime = (f: number) => input.startS + frameTimeSeconds(f, features);
  const spans = speechFrameSpans(speechProbabilities(features, models.vad), hopS, models.vad);
  const isSpeech = new Uint8Array(features.count);
  for (const span of spans) isSpeech.fill(1, span.start, span.end);
  quality.frames = features.count;
  for (let f = 0; f < features.count; f++) {
    const power = features.rms[f] ** 2;
    if (isSpeech[f]) {
      quality.speechFrames++;
      quality.speechPowerSum += power;
    } else quality.noisePowerSum += power;
  }

  const speakerFrames = new Uint8Array(features.count);
  const floor = noiseFloorDb(features);
  for (let f = 0; f < features.count; f++) speakerFrames[f] = isSpeech[f] && frameDb(features.rms[f]) - floor[f] >= SPEAKER_FRAME_MIN_ABOVE_FLOOR_DB ? 1 : 0;
  const statistics = new FrameStatistics(speakerCepstra(pcm, features.count), features.count, speakerFrames);
  const pieceSpans = spans.flatMap((span) => splitAtVoiceChanges(statistics, span, options.changePenalty ?? CHANGE_PENALTY));
  const gaussians = pieceSpans.map((span) => statistics.gaussian(span.start, span.end));
  const localSpeakers = bicClusters(gaussians, { penalty: CLUSTER_PENALTY, minFrames: MIN_CLUSTER_FRAMES });
  const pieces: SpeechPiece[] = [];
  for (const [index, span] of pieceSpans.entries()) {
    const startS = frameTime(span.start) - features.frameSize / 2 / sampleRate;
    const endS = frameTime(span.end - 1) + features.frameSize / 2 / sampleRate;
    const from = Math.max(0, Math.round((startS - input.startS) * sampleRate));
    const to = Math.min(pcm.length, Math.round((endS - input.startS) * sampleRate));
    const piecePcm = pcm.subarray(from, to);
    pieces.push({
      startS: roundTo(startS, 3),
      endS: roundTo(endS, 3),
      localSpeaker: localSpeakers[index],
      embedding: encodeGaussian(gaussians[index]),
      levelDb: roundTo(frameDb(rmsOf(piecePcm)), 2),
      medianF0Hz: medianVoicedF0(features, span),
      finalPitchSlope: finalPitchSlope(features, span, hopS),
      emotionFeatures: options.emotion === false ? [] : emotionWindowFeatures(features, span, input.startS),
    });
  }
  return {
    ...empty,
    pieces,
    speechLevelDbPerSecond: speechLevelPerSecond(features, isSpeech, samples / sampleRate),
  };
}

/**
 * Splits a speech segment where the voice changes: the candidate point with
 * the largest ΔBIC between the Gaussians of its two sides, if positive, then
 * the same again on each side.
 */
function splitAtVoiceChanges(statistics: FrameStatistics, span: FrameSpan, penalty: number): FrameSpan[] {
  if (statistics.used(span.start, span.end) < 2 * MIN_SIDE_FRAMES) return [span];
  let best = -1;
  let bestValue = 0;
  for (let at = span.start + 1; at < span.end; at += CHANGE_STEP_FRAMES) {
    if (statistics.used(span.start, at) < MIN_SIDE_FRAMES || statistics.used(at, span.end) < MIN_SIDE_FRAMES) continue;
    const value = deltaBic(statistics.gaussian(span.start, at), statistics.gaussian(at, span.end), penalty);
    if (value > bestValue) {
      bestValue = value;
      best = at;
    }
  }
  if (best < 0) return [span];
  return [...splitAtVoiceChanges(statistics, { start: span.start, end: best }, penalty), ...splitAtVoiceChanges(statistics, { start: best, end: span.end }, penalty)];
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
