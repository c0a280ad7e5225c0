import { ANALYSIS_SAMPLE_RATE } from '../audio/decode';
import { cosine, MEL_FRAME_RATE, meanOf, normalised, volumeGain, type MelSpectrogram, type MelWindow, type SpeakerEncoder } from './speaker-encoder';
import type { TimeSpan } from './types';

/**
 * Chunk stage: who-speaks segments from the speaker encoder. Speech spans (VAD) closer than REGION_GAP_S join into
 * a region; each region is tiled with WINDOW_S windows every HOP_S and embedded; a voice change is where two
 * adjacent, non-overlapping windows differ by more than CHANGE_DISTANCE (a local maximum), and its time is then
 * re-placed to the point in ±REFINE_RADIUS_S where the REFINE_SIDE_S of audio either side differ most (turn edges
 * at 0.15 s instead of the window hop). At each change, a window centred on it that sits closer to the mix of both
 * sides than to either side, between sides that sound like different voices, marks two voices at once (overlap). Each segment's voice is the normalised mean of
 * the embeddings of the windows inside it.
 */
export const WINDOW_S = 1.5;
export const HOP_S = 0.75;
/** Speech spans separated by shorter pauses are windowed together (a pause inside a turn, a quick reply). */
export const REGION_GAP_S = 0.5;
/** 1 − cosine between adjacent windows above which the voice changed; chosen on train-actor lessons. */
export const CHANGE_DISTANCE = 0.3;
const REFINE_RADIUS_S = 0.45;
const REFINE_STEP_S = 0.15;
const REFINE_SIDE_S = 1.0;
/** Segments shorter than this are not split off. */
const MIN_SEGMENT_S = 0.5;
const OVERLAP_WINDOW_S = 1.0;
/** cos(middle, mix) − max(cos(middle, left), cos(middle, right)) above which a change is taken as overlap; chosen on train-actor lessons. */
export const OVERLAP_MARGIN = 0.05;
/** Sides more alike than this (the clustering's stopping similarity) are taken as one voice: no overlap test. */
const OVERLAP_MAX_SIDE_SIMILARITY = 0.6;
/** How far either side of a change an overlap is taken to extend. */
const OVERLAP_HALF_S = 0.3;

export interface SpeakerSegment extends TimeSpan {
  embedding: Float32Array;
  /** Two voices at once around the segment's start / end (set at changes that look like overlap). */
  overlapStartS: number | null;
  overlapEndS: number | null;
}

export interface SegmentationOptions {
  changeDistance?: number;
  overlapMargin?: number;
}

/**
 * `spans`: speech, in seconds relative to the start of `pcm` (sorted, disjoint). `mel`: the encoder's mel
 * spectrogram of `pcm`. Returns segments in time order, relative to `pcm` too.
 */
export async function speakerSegments(encoder: SpeakerEncoder, pcm: Float32Array, mel: MelSpectrogram, spans: TimeSpan[], options: SegmentationOptions = {}): Promise<SpeakerSegment[]> {
  const changeDistance = options.changeDistance ?? CHANGE_DISTANCE;
  const overlapMargin = options.overlapMargin ?? OVERLAP_MARGIN;
  const window = (startS: number, endS: number): MelWindow => {
    const startFrame = Math.max(0, Math.min(mel.frames - 1, Math.round(startS * MEL_FRAME_RATE)));
    const endFrame = Math.max(startFrame + 1, Math.min(mel.frames, Math.round(endS * MEL_FRAME_RATE)));
    const gain = volumeGain(pcm, Math.round(startS * ANALYSIS_SAMPLE_RATE), Math.min(pcm.length, Math.round(endS * ANALYSIS_SAMPLE_RATE)));
    return { mel, startFrame, endFrame, powerGain: gain * gain };
  };

  const regions = joinSpans(spans, REGION_GAP_S);
  const tilings = regions.map((r) => tile(r));
  const embedded = await encoder.embed(tilings.flat().map((w) => window(w.startS, w.endS)));
  let at = 0;
  const regionWindows = tilings.map((tiling) => tiling.map((w) => ({ ...w, embedding: embedded[at++] })));

  // Voice changes inside regions, at window resolution.
  const changes: { region: number; atS: number }[] = [];
  regionWindows.forEach((windows, region) => {
    const distances = windows.map((w, k) => (k + 2 < windows.length ? 1 - cosine(w.embedding, windows[k + 2].embedding) : -1));
    const picked: number[] = [];
    for (const k of distances.map((_, k) => k).sort((a, b) => distances[b] - distances[a])) {
      if (distances[k] <= changeDistance) break;
      const atS = (windows[k].endS + windows[k + 2].startS) / 2;
      if (picked.some((p) => Math.abs(p - atS) < WINDOW_S)) continue;
      picked.push(atS);
    }
    for (const atS of picked.sort((a, b) => a - b)) changes.push({ region, atS });
  });

  // Turn edges re-placed where the audio either side differs most.
  const candidates = changes.map(({ region, atS }) => {
    const r = regions[region];
    const points: number[] = [];
    for (let t = atS - REFINE_RADIUS_S; t <= atS + REFINE_RADIUS_S + 1e-9; t += REFINE_STEP_S) {
      if (t - r.startS >= MIN_SEGMENT_S && r.endS - t >= MIN_SEGMENT_S) points.push(t);
    }
    return points.map((t) => ({ t, left: { startS: Math.max(r.startS, t - REFINE_SIDE_S), endS: t }, right: { startS: t, endS: Math.min(r.endS, t + REFINE_SIDE_S) } }));
  });
  const sideEmbeddings = await encoder.embed(candidates.flat().flatMap((c) => [window(c.left.startS, c.left.endS), window(c.right.startS, c.right.endS)]));
  at = 0;
  const refined = changes.map((change, i) => {
    let best = change.atS;
    let bestDistance = -Infinity;
    for (const c of candidates[i]) {
      const distance = 1 - cosine(sideEmbeddings[at++], sideEmbeddings[at++]);
      if (distance > bestDistance) {
        bestDistance = distance;
        best = c.t;
      }
    }
    return { region: change.region, atS: best };
  });

  // Segments: regions cut at the changes; each embedded from the windows that fit inside it.
  const segments: (TimeSpan & { region: number })[] = [];
  regions.forEach((r, region) => {
    let from = r.startS;
    for (const c of refined.filter((c) => c.region === region)) {
      if (c.atS - from < MIN_SEGMENT_S) continue;
      segments.push({ startS: from, endS: c.atS, region });
      from = c.atS;
    }
    if (segments.length > 0 && segments[segments.length - 1].region === region && r.endS - from < MIN_SEGMENT_S) segments[segments.length - 1].endS = r.endS;
    else segments.push({ startS: from, endS: r.endS, region });
  });
  const unsplit = new Set(regions.map((_, region) => region).filter((region) => segments.filter((s) => s.region === region).length === 1));
  const retiled = segments.map((s) => (unsplit.has(s.region) ? [] : tile(s)));
  const retiledEmbeddings = await encoder.embed(retiled.flat().map((w) => window(w.startS, w.endS)));
  at = 0;
  const voices = segments.map((s, i) => {
    const own = unsplit.has(s.region) ? regionWindows[s.region].map((w) => w.embedding) : retiled[i].map(() => retiledEmbeddings[at++]);
    return normalised(meanOf(own));
  });

  // Overlap at changes between neighbouring segments of one region.
  const boundaries = segments.flatMap((s, i) => (i > 0 && segments[i - 1].region === s.region ? [i] : []));
  const middles = await encoder.embed(boundaries.map((i) => window(segments[i].startS - OVERLAP_WINDOW_S / 2, segments[i].startS + OVERLAP_WINDOW_S / 2)));
  const result: SpeakerSegment[] = segments.map((s, i) => ({ startS: s.startS, endS: s.endS, embedding: voices[i], overlapStartS: null, overlapEndS: null }));
  boundaries.forEach((i, k) => {
    const left = voices[i - 1];
    const right = voices[i];
    // Only between clearly different voices: within one voice the middle always sits near both sides.
    if (cosine(left, right) >= OVERLAP_MAX_SIDE_SIMILARITY) return;
    const mix = normalised(meanOf([left, right]));
    const gain = cosine(middles[k], mix) - Math.max(cosine(middles[k], left), cosine(middles[k], right));
    if (gain <= overlapMargin) return;
    const t = segments[i].startS;
    result[i - 1].overlapEndS = Math.min(segments[i].endS, t + OVERLAP_HALF_S);
    result[i].overlapStartS = Math.max(segments[i - 1].startS, t - OVERLAP_HALF_S);
  });
  return result;
}

/** Windows of WINDOW_S every HOP_S over a span, the last one ending at the span's end; a short span is one window. */
function tile(span: TimeSpan): TimeSpan[] {
  if (span.endS - span.startS <= WINDOW_S) return [{ ...span }];
  const windows: TimeSpan[] = [];
  for (let t = span.startS; t + WINDOW_S < span.endS; t += HOP_S) windows.push({ startS: t, endS: t + WINDOW_S });
  windows.push({ startS: span.endS - WINDOW_S, endS: span.endS });
  return windows;
}

export function joinSpans(spans: TimeSpan[], maxGapS: number): TimeSpan[] {
  const joined: TimeSpan[] = [];
  for (const s of spans) {
    const last = joined[joined.length - 1];
    if (last && s.startS - last.endS <= maxGapS) last.endS = Math.max(last.endS, s.endS);
    else joined.push({ ...s });
  }
  return joined;
}
