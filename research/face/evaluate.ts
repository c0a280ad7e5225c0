import path from 'node:path';
import { analyseFaceChunk, mergeFaceChunks, type FaceChunkResult } from '@/lib/analysis/face';
import { CONFIRM_FROM_SCORE, CONFIRM_TINY_SCORE } from '@/lib/analysis/face/faceEngine';
import { FACE_CHUNK_DEFAULTS } from '@/lib/analysis/face/chunk';
import { SAME_FACE_THRESHOLD } from '@/lib/analysis/face/identity';
import { IDENTITY_THRESHOLD } from '@/lib/analysis/face/people';
import { CUT_EXCESS } from '@/lib/analysis/face/shotCuts';
import { roundTo } from '@/lib/round';
import { calibrationClips } from './calibration-clips';
import { EVAL_CLIPS } from './clip-specs';
import { buildComposedClip, clipDuration, shotStarts, type ComposedClip } from './composed-clips';
import { detectorFrames, poseClip, scoreDetector, type DetectorConfig, type DetectorFrame, type PoseSet } from './detector-recall';
import { frameDescriptors } from './frame-descriptors';
import { scoreClip } from './score-clips';
import { calibrationChunks, chooseClusterThreshold, chooseSameFaceThreshold } from './thresholds';

/** The sections of `npm run eval:faces` that run the face stage on composed clips. */

const REAL_CLIP = path.resolve('../shared/data/video/short_hamilton_clip.mp4');
/** The shared real clip's hard cuts, labelled by looking at it at 10 frames/s: at 1.6, 3.6 and 7.9 s, so the analysed frames 2, 4 and 8 begin new shots. */
export const REAL_CLIP_CUT_FRAMES = [2, 4, 8];

/** Analysed frames that begin a new camera shot, by construction (swaps in place are not cuts). */
function cutFrames(clip: ComposedClip): number[] {
  return shotStarts(clip)
    .map((start, i) => ({ start, i }))
    .filter(({ i }) => i > 0 && !clip.shots[i].sameCamera)
    .map(({ start }) => Math.ceil(start));
}

function cutCounts(found: number[], truth: number[]) {
  return { cuts: truth.length, found: found.filter((t) => truth.includes(t)).length, spurious: found.filter((t) => !truth.includes(t)).length };
}

export async function evaluateThresholds() {
  const clips = calibrationClips();
  const frames = [];
  for (const clip of clips) frames.push(...(await frameDescriptors(clip)));
  const sameFace = chooseSameFaceThreshold(frames);
  const chunks = await calibrationChunks(clips);
  const cluster = chooseClusterThreshold(clips, chunks);
  return {
    calibration: {
      clips: clips.length,
      people: clips.length * 6,
      facesDescribed: frames.length,
      note: 'composed like the evaluation clips from the named photos of ../shared/data/faces/expressions (Labeled Faces in the Wild names with 3+ photos), none of the evaluation clips’ people',
    },
    sameFace: { ...sameFace, inUse: SAME_FACE_THRESHOLD, rule: 'half-way between the largest same-face distance (a frame against the mean of the up to 3 frames before it, same camera shot) and the smallest swap distance (another person’s frame against a face’s first frames)' },
    cluster: {
      ...cluster,
      inUse: IDENTITY_THRESHOLD,
      rule: 'largest average-linkage threshold (0.01 steps) at which clustering the calibration clips’ tracks makes no wrong merge (a person whose tracks belong to different people)',
    },
  };
}

export async function evaluateComposedClips() {
  const results: Array<{ clip: ComposedClip; chunk: FaceChunkResult }> = [];
  for (const clip of EVAL_CLIPS) results.push({ clip, chunk: await analyseFaceChunk({ videoPath: buildComposedClip(clip), startS: 0, endS: clipDuration(clip) }) });
  const scores = results.map(({ clip, chunk }) => ({ ...scoreClip(clip, mergeFaceChunks([chunk])), cutDetection: cutCounts(chunk.cuts ?? [], cutFrames(clip)) }));
  const exact = scores.filter((s) => s.peopleFound === s.peopleShown).length;
  return {
    thresholds: { sameFace: SAME_FACE_THRESHOLD, cluster: IDENTITY_THRESHOLD, cutExcess: CUT_EXCESS },
    targets: {
      tracksAcrossCuts: { value: scores.reduce((a, s) => a + s.tracksAcrossCuts, 0), target: 0 },
      peopleFoundEqualsShown: { clips: exact, of: scores.length, target: 4 },
      clusterPurity: { min: Math.min(...scores.map((s) => s.clusterPurity)), target: 0.95 },
    },
    cutDetection: scores.reduce((a, s) => ({ cuts: a.cuts + s.cutDetection.cuts, found: a.found + s.cutDetection.found, spurious: a.spurious + s.cutDetection.spurious }), { cuts: 0, found: 0, spurious: 0 }),
    clips: scores,
  };
}

export async function evaluateRealClipCuts() {
  const chunk = await analyseFaceChunk({ videoPath: REAL_CLIP, startS: 0, endS: 10 });
  return { clip: '../shared/data/video/short_hamilton_clip.mp4 (first 10 s)', labelledCutFrames: REAL_CLIP_CUT_FRAMES, ...cutCounts(chunk.cuts ?? [], REAL_CLIP_CUT_FRAMES) };
}

/** Face photos by head pose (yaw, pitch from the landmarks, measured on the whole crop in the expressions pass). */
export interface PosedImage {
  image: string;
  width: number;
  height: number;
  yaw: number;
  pitch: number;
}

const POSE_SET_SIZE = 42;
const POSE_SIZES = [50, 70, 100, 140];

/**
 * The 3/4-view set and its controls, from the expression photos (square,
 * at least 150 px): turned |yaw| ≥ 30°, looking down pitch ≤ −25° (and
 * |yaw| < 30°), frontal |yaw|, |pitch| ≤ 10° (every k-th, for a set as big).
 */
export function poseSets(images: PosedImage[]): PoseSet[] {
  const usable = images.filter((p) => p.width >= 150 && p.width === p.height);
  const frontal = usable.filter((p) => Math.abs(p.yaw) <= 10 && Math.abs(p.pitch) <= 10);
  const step = Math.max(1, Math.floor(frontal.length / POSE_SET_SIZE));
  return [
    { name: 'turned', images: usable.filter((p) => Math.abs(p.yaw) >= 30).slice(0, POSE_SET_SIZE).map((p) => p.image) },
    { name: 'looking-down', images: usable.filter((p) => p.pitch <= -25 && Math.abs(p.yaw) < 30).slice(0, POSE_SET_SIZE).map((p) => p.image) },
    { name: 'frontal', images: frontal.filter((_, i) => i % step === 0).slice(0, POSE_SET_SIZE).map((p) => p.image) },
  ];
}

const CONFIGS: DetectorConfig[] = [
  { name: 'SSD ≥ 0.5 (before)', ssdScore: 0.5 },
  { name: 'SSD ≥ 0.4', ssdScore: 0.4 },
  { name: 'SSD ≥ 0.3', ssdScore: 0.3 },
  { name: 'SSD ≥ 0.2', ssdScore: 0.2 },
  { name: 'SSD ≥ 0.5 + full-frame Tiny 608 ≥ 0.5 second pass', ssdScore: 0.5, tinyScore: 0.5 },
  { name: 'SSD ≥ 0.5 + full-frame Tiny 608 ≥ 0.7 second pass', ssdScore: 0.5, tinyScore: 0.7 },
  { name: `SSD ≥ 0.5 + SSD ${CONFIRM_FROM_SCORE}–0.5 where full-frame Tiny ≥ ${CONFIRM_TINY_SCORE} agrees`, ssdScore: 0.5, confirmFrom: CONFIRM_FROM_SCORE, confirmScore: CONFIRM_TINY_SCORE },
  { name: `shipped: SSD ≥ ${FACE_CHUNK_DEFAULTS.minScore} + SSD ${CONFIRM_FROM_SCORE}–${FACE_CHUNK_DEFAULTS.minScore} confirmed by Tiny on their region (findFaces)`, ssdScore: 0, shipped: true },
];

export async function evaluateDetectorRecall(images: PosedImage[]) {
  const sets = poseSets(images);
  const frames = new Map<string, DetectorFrame[]>();
  const ms = { ssd: 0, tiny: 0, shipped: 0 };
  let n = 0;
  const add = async (key: string, clip: ComposedClip) => {
    const r = await detectorFrames(clip, FACE_CHUNK_DEFAULTS.minScore);
    frames.set(key, r.frames);
    for (const k of ['ssd', 'tiny', 'shipped'] as const) ms[k] += r.msPerFrame[k] * r.frames.length;
    n += r.frames.length;
  };
  for (const set of sets) for (const size of POSE_SIZES) await add(`${set.name}@${size}`, poseClip(set, size));
  for (const clip of EVAL_CLIPS) await add(`eval:${clip.name}`, clip);
  const pooled = (prefix: string) => [...frames].filter(([k]) => k.startsWith(prefix)).flatMap(([, f]) => f);
  return {
    sets: Object.fromEntries(sets.map((s) => [s.name, s.images.length])),
    selection: 'expression photos (square, ≥ 150 px) by head pose from the landmarks: turned |yaw| ≥ 30°, looking down pitch ≤ −25°, frontal |yaw| and |pitch| ≤ 10°; pasted six to a frame on face-free backdrops at 50/70/100/140 px (960×540), plus the five evaluation clips',
    faceSizesPx: POSE_SIZES,
    configs: CONFIGS.map((config) => ({
      name: config.name,
      bySetAndSize: Object.fromEntries([...frames].filter(([k]) => !k.startsWith('eval:')).map(([k, f]) => [k, scoreDetector(f, config).recall])),
      ...Object.fromEntries(sets.map((s) => [s.name, scoreDetector(pooled(`${s.name}@`), config)])),
      evaluationClips: scoreDetector(pooled('eval:'), config),
    })),
    msPerFrame: { ssd: roundTo(ms.ssd / n, 1), tinyFullFrame608: roundTo(ms.tiny / n, 1), shipped: roundTo(ms.shipped / n, 1) },
  };
}
