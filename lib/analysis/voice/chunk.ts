import { ANALYSIS_SAMPLE_RATE, streamAudio } from '../audio/decode';
import { concatFrameFeatures, FrameFeatureExtractor, frameTimeSeconds, type FrameFeatures } from '../audio/frame-features';
import { agglomerativeClusters } from './clustering';
import { loadVoiceModels, type VoiceModels } from './models';
import { projectSpeakerStatistics, speakerStatistics } from './speaker-embedding';
import { emotionWindows, serEmotionClassifier, type EmotionClassifier } from './turn-emotion';
import type { QualityTotals, SpeechPiece, VoiceChunkResult } from './types';
import { frameDb, speechFrameSpans, speechProbabilities, type FrameSpan } from './vad';

export interface VoiceChunkInput {
  /** The lesson's audio track (the worker's 16 kHz mono 16-bit WAV; anything ffmpeg reads works). */
  audioPath: string;
  startS: number;
  endS: number;
}

export interface VoiceChunkOptions {
  /** Per-utterance speech emotion: the shipped SER model by default; null skips emotion (pieces get no estimates). */
  classifyEmotion?: EmotionClassifier | null;
  models?: VoiceModels;
}

/** Chunk-local clustering only has to find changes of voice; the lesson-wide merge decides who is who. */
const LOCAL_CLUSTER_DISTANCE = 0.1;
const WINDOW_FRAMES = 94; // 1.5 s at a 16 ms hop
const WINDOW_HOP_FRAMES = 47;
/** A change of voice shorter than this inside one segment is treated as clustering noise. */
const MIN_PIECE_S = 0.6;
const FINAL_PITCH_S = 0.8;
/** Samples at or beyond this magnitude count as clipped (16-bit full scale is 32767/32768). */
const CLIP_LEVEL = 0.999;

/**
 * Analyses [startS, endS) of a lesson's audio track: streams and decodes just
 * that span, computes the shared frame features, detects speech, splits it
 * where the voice changes, embeds each piece and classifies its emotion.
 * Memory is bounded by the chunk length (a 5-minute chunk holds ~19 MB of PCM).
 */
export async function analyseVoiceChunk(input: VoiceChunkInput, options: VoiceChunkOptions = {}): Promise<VoiceChunkResult> {
  const models = options.models ?? (await loadVoiceModels());
  const classifyEmotion = options.classifyEmotion === undefined ? serEmotionClassifier : options.classifyEmotion;
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
  const empty: VoiceChunkResult = { version: 1, startS: input.startS, endS: input.startS + samples / sampleRate, pieces: [], speechLevelDbPerSecond: [], quality };
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

  const pieceSpans = splitAtVoiceChanges(features, spans, models);
  const pieces: SpeechPiece[] = [];
  for (const { span, localSpeaker } of pieceSpans) {
    const frames = range(span.start, span.end);
    const stats = speakerStatistics(features, frames, 8);
    if (!stats) continue;
    const startS = frameTime(span.start) - features.frameSize / 2 / sampleRate;
    const endS = frameTime(span.end - 1) + features.frameSize / 2 / sampleRate;
    const from = Math.max(0, Math.round((startS - input.startS) * sampleRate));
    const to = Math.min(pcm.length, Math.round((endS - input.startS) * sampleRate));
    const piecePcm = pcm.subarray(from, to);
    pieces.push({
      startS: round3(startS),
      endS: round3(endS),
      localSpeaker,
      embedding: projectSpeakerStatistics(models.speaker, stats).map(round4),
      levelDb: round2(frameDb(rmsOf(piecePcm))),
      medianF0Hz: medianVoicedF0(features, span),
      finalPitchSlope: finalPitchSlope(features, span, hopS),
      emotions: classifyEmotion ? await emotionWindows(piecePcm, sampleRate, startS, classifyEmotion) : [],
    });
  }
  return {
    ...empty,
    pieces,
    speechLevelDbPerSecond: speechLevelPerSecond(features, isSpeech, samples / sampleRate),
  };
}

/**
 * Splits speech segments where the chunk-local clustering of 1.5 s windows
 * changes label; each frame takes the label of the window centred nearest to
 * it, and runs shorter than MIN_PIECE_S join their neighbour.
 */
function splitAtVoiceChanges(features: FrameFeatures, spans: FrameSpan[], models: VoiceModels): { span: FrameSpan; localSpeaker: number }[] {
  const windows: { start: number; end: number; vector: number[] }[] = [];
  for (const span of spans) {
    const length = span.end - span.start;
    const starts = length <= WINDOW_FRAMES ? [span.start] : [];
    for (let s = span.start; length > WINDOW_FRAMES && s + WINDOW_FRAMES <= span.end; s += WINDOW_HOP_FRAMES) starts.push(s);
    if (length > WINDOW_FRAMES && starts[starts.length - 1] + WINDOW_FRAMES < span.end) starts.push(span.end - WINDOW_FRAMES);
    for (const start of starts) {
      const end = Math.min(span.end, start + WINDOW_FRAMES);
      const stats = speakerStatistics(features, range(start, end), 8);
      if (stats) windows.push({ start, end, vector: projectSpeakerStatistics(models.speaker, stats) });
    }
  }
  const labels = agglomerativeClusters(
    windows.map((w) => ({ vector: w.vector, weight: w.end - w.start })),
    LOCAL_CLUSTER_DISTANCE,
  );
  const minFrames = Math.round((MIN_PIECE_S * features.sampleRate) / features.hop);
  const out: { span: FrameSpan; localSpeaker: number }[] = [];
  let w = 0;
  for (const span of spans) {
    const inside: number[] = [];
    while (w < windows.length && windows[w].start < span.end) inside.push(w++);
    if (inside.length === 0) {
      out.push({ span, localSpeaker: -1 });
      continue;
    }
    const runs: { span: FrameSpan; localSpeaker: number }[] = [];
    for (let f = span.start; f < span.end; f++) {
      let nearest = inside[0];
      for (const k of inside) {
        if (Math.abs((windows[k].start + windows[k].end) / 2 - f) < Math.abs((windows[nearest].start + windows[nearest].end) / 2 - f)) nearest = k;
      }
      const label = labels[nearest];
      const last = runs[runs.length - 1];
      if (last && last.localSpeaker === label) last.span.end = f + 1;
      else runs.push({ span: { start: f, end: f + 1 }, localSpeaker: label });
    }
    for (let i = 0; i < runs.length; i++) {
      const run = runs[i];
      if (run.span.end - run.span.start >= minFrames || runs.length === 1) continue;
      const neighbour = i > 0 ? runs[i - 1] : runs[i + 1];
      if (i > 0) neighbour.span.end = run.span.end;
      else neighbour.span.start = run.span.start;
      runs.splice(i, 1);
      i--;
    }
    const merged: typeof runs = [];
    for (const run of runs) {
      const last = merged[merged.length - 1];
      if (last && last.localSpeaker === run.localSpeaker) last.span.end = run.span.end;
      else merged.push(run);
    }
    out.push(...merged);
  }
  return out;
}

function medianVoicedF0(features: FrameFeatures, span: FrameSpan): number | null {
  const values: number[] = [];
  for (let f = span.start; f < span.end; f++) if (features.voiced[f] && features.f0Hz[f] > 0) values.push(features.f0Hz[f]);
  if (values.length === 0) return null;
  values.sort((a, b) => a - b);
  return round2(values[Math.floor(values.length / 2)]);
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
  return den > 0 ? round2(num / den) : null;
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
  return Array.from(power, (p, s) => (count[s] > 0 ? round2(10 * Math.log10(p / count[s] + 1e-14)) : null));
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

function range(start: number, end: number): Int32Array {
  const out = new Int32Array(Math.max(0, end - start));
  for (let i = 0; i < out.length; i++) out[i] = start + i;
  return out;
}

const round2 = (x: number) => Math.round(x * 100) / 100;
const round3 = (x: number) => Math.round(x * 1000) / 1000;
const round4 = (x: number) => Math.round(x * 10000) / 10000;
