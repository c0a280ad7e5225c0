import { performance } from 'node:perf_hooks';
import { iou, toRelative } from '@/lib/analysis/face/boxes';
import { detectFaces, findFaces, frameTensor, loadFaceModels } from '@/lib/analysis/face/faceEngine';
import type { DetectorName } from '@/lib/analysis/face/types';
import { streamFrames } from '@/lib/analysis/face/frames';
import type { RelativeBox } from '@/lib/analysis/face/types';
import { BACKDROPS } from './clip-specs';
import { buildComposedClip, clipDuration, truthAt, type ComposedClip, type PastedFace, type Shot } from './composed-clips';

/**
 * How many faces the full-frame detectors find, on composed frames where
 * every face is known: turned (3/4 view), looking down and frontal faces of
 * ../shared/data/faces/expressions pasted at classroom sizes onto face-free
 * backdrops, and the evaluation clips. Detectors run once per frame at a
 * low score; each configuration is then a score threshold, optionally with
 * a second detector's extra finds, so all are compared on the same frames.
 */

export interface PoseSet {
  name: string;
  /** Images relative to ../shared/data/faces. */
  images: string[];
}

/** Faces per frame of a pose clip, in a 3 × 2 grid. */
const GRID = [3, 2] as const;

/** One clip per face size: every image of the set once, six to a frame, one frame per second. */
export function poseClip(set: PoseSet, size: number): ComposedClip {
  const shots: Shot[] = [];
  const perFrame = GRID[0] * GRID[1];
  for (let first = 0; first < set.images.length; first += perFrame) {
    const k = first / perFrame;
    const faces: PastedFace[] = set.images.slice(first, first + perFrame).map((image, i) => ({
      name: image,
      image,
      x: Math.round(60 + (i % GRID[0]) * 300 + ((k * 37) % 90)),
      y: Math.round(40 + Math.floor(i / GRID[0]) * 250 + ((k * 53) % 70)),
      size,
    }));
    shots.push({ durationS: first === 0 ? 1.5 : 1, ...BACKDROPS[k % BACKDROPS.length], faces });
  }
  return { name: `pose-${set.name}-${size}`, width: 960, height: 540, fps: 25, shots };
}

interface Found {
  box: RelativeBox;
  score: number;
}

export interface DetectorFrame {
  clip: string;
  t: number;
  truth: RelativeBox[];
  ssd: Found[];
  tiny: Found[];
  /** What the face stage's detection (findFaces, SSD at its default 0.5 with Tiny-confirmed weaker finds) keeps. */
  shipped: Found[];
}

export const LOW_SCORE = 0.1;

/** Both detectors at a low score on every analysed frame of a clip (the SSD pass and, for a second pass, Tiny at 608 px). */
export async function detectorFrames(clip: ComposedClip, shippedMinScore: number): Promise<{ frames: DetectorFrame[]; msPerFrame: Record<DetectorName | 'shipped', number> }> {
  await loadFaceModels();
  const file = buildComposedClip(clip);
  const frames: DetectorFrame[] = [];
  const ms: Record<DetectorName | 'shipped', number> = { ssd: 0, tiny: 0, shipped: 0 };
  for await (const frame of streamFrames({ videoPath: file, startS: 0, endS: clipDuration(clip), fps: 1, width: clip.width })) {
    const tensor = frameTensor(frame.data, frame.width, frame.height);
    try {
      const run = async (detector: DetectorName | 'shipped') => {
        const started = performance.now();
        const found = detector === 'shipped' ? await findFaces(tensor, 'ssd', shippedMinScore) : await detectFaces(tensor, detector, LOW_SCORE);
        ms[detector] += performance.now() - started;
        return found.map((d) => ({ box: toRelative(d.box, frame.width, frame.height), score: d.score }));
      };
      frames.push({
        clip: clip.name,
        t: frame.timeS,
        truth: truthAt(clip, frame.timeS).faces.map((f) => f.box),
        ssd: await run('ssd'),
        tiny: await run('tiny'),
        shipped: await run('shipped'),
      });
    } finally {
      tensor.dispose();
    }
  }
  return { frames, msPerFrame: { ssd: ms.ssd / frames.length, tiny: ms.tiny / frames.length, shipped: ms.shipped / frames.length } };
}

export interface DetectorConfig {
  name: string;
  /** Score what the face stage's own detection kept (the other fields are ignored). */
  shipped?: boolean;
  ssdScore: number;
  /** Second pass: Tiny finds at this score that no kept SSD find overlaps are added. */
  tinyScore?: number;
  /** SSD finds from this score up to ssdScore are kept when a Tiny find of at least `confirmScore` overlaps them. */
  confirmFrom?: number;
  confirmScore?: number;
}

/** A detection is the pasted face it overlaps this much (Tiny draws wider, shorter boxes than the pasted squares). */
const MATCH_IOU = 0.25;

export function scoreDetector(frames: DetectorFrame[], config: DetectorConfig): { faces: number; found: number; recall: number; falsePerFrame: number } {
  let faces = 0;
  let found = 0;
  let falseFinds = 0;
  for (const frame of frames) {
    const kept = config.shipped ? [...frame.shipped] : frame.ssd.filter((d) => d.score >= config.ssdScore);
    if (config.confirmFrom !== undefined)
      for (const d of frame.ssd)
        if (d.score >= config.confirmFrom && d.score < config.ssdScore && frame.tiny.some((t) => t.score >= config.confirmScore! && iou(t.box, d.box) >= 0.3)) kept.push(d);
    if (config.tinyScore !== undefined)
      for (const d of frame.tiny) if (d.score >= config.tinyScore && kept.every((k) => iou(k.box, d.box) < 0.3)) kept.push(d);
    faces += frame.truth.length;
    found += frame.truth.filter((t) => kept.some((d) => iou(t, d.box) >= MATCH_IOU)).length;
    falseFinds += kept.filter((d) => frame.truth.every((t) => iou(t, d.box) < MATCH_IOU)).length;
  }
  return { faces, found, recall: faces ? Math.round((found / faces) * 1e4) / 1e4 : 0, falsePerFrame: Math.round((falseFinds / frames.length) * 1e3) / 1e3 };
}
