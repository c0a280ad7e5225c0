import { performance } from 'node:perf_hooks';
import { tf } from '../tf';
import { assignGreedy, continuity, iou, toRelative } from './boxes';
import { meanDescriptor } from './descriptors';
import {
  cutFaceForDescriptor,
  describeFaces,
  detectFaces,
  frameTensor,
  loadFaceModels,
  readExpressions,
  readFaces,
  type FaceReading,
  redetectNear,
  type Detection,
} from './faceEngine';
import { probeVideo, streamFrames, type VideoInfo } from './frames';
import { frontalness, type HeadPose } from './headPose';
import { frameSignature, signatureChange } from './sceneChange';
import type { DetectorName, FaceChunkResult, FaceObservation, FaceTrack, PixelBox, StageTimings } from './types';
import { roundTo } from '../../round';

export interface FaceChunkInput {
  videoPath: string;
  startS: number;
  endS: number;
  /** Analysed frames per second (default 1). */
  fps?: number;
  /** Decode width in pixels (default 960; never upscaled). */
  width?: number;
  detector?: 'ssd' | 'tiny';
  /** Faces smaller than this (square root of box area, analysed-frame pixels) are counted but not read (default 40). */
  minFaceSize?: number;
  /**
   * Run the full-frame detector at least every n-th frame, and at once when
   * the picture changes; re-find known faces near their last box in between
   * (default 3; 1 = detector on every frame).
   */
  detectEvery?: number;
  /** Minimum full-frame detector score (default 0.5). */
  minScore?: number;
  /** Checked before every frame: an aborted analysis stops there (its decoder is ended) and throws the abort reason. */
  signal?: AbortSignal;
  /** Called after every frame with the share of the chunk's frames analysed so far. */
  onProgress?(fraction: number): void;
}

export const FACE_CHUNK_DEFAULTS = { fps: 1, width: 960, detector: 'ssd', minFaceSize: 40, detectEvery: 3, minScore: 0.5 } as const;

/** Share of the picture that must change since the last detector pass to run the detector early: a cut or a camera move, not people moving about. */
const SCENE_CHANGE = 0.3;
/** Best frames per track that its descriptor is averaged over. */
const DESCRIPTOR_FRAMES = 3;
/** Detector passes in a row a face may be missed while the Tiny follower still sees it in place. */
const MAX_DETECTOR_MISSES = 2;
/** Tiny-detector score needed to re-centre a followed face between detector passes. */
const TRACK_MIN_SCORE = 0.4;
/** Two tracks converging on the same face: the later one is dropped above this overlap. */
const DUPLICATE_IOU = 0.5;
/** Quality saturates at this face size (pixels); bigger faces do not read better. */
const FULL_QUALITY_SIZE = 80;

interface DescriptorCandidate {
  quality: number;
  crop: tf.Tensor3D;
}

interface Followed {
  detection: Detection;
  track: number;
  seen: boolean;
}

interface OpenTrack {
  track: FaceTrack;
  /** Box and score of the last full-frame detection that confirmed this face. */
  detectorBox: PixelBox;
  detectorScore: number;
  lastBox: PixelBox;
  /** Observations at the end of the track where it was assumed to stay put (no detector saw it), not yet confirmed. */
  unconfirmed: number;
  candidates: DescriptorCandidate[];
  /** Where the landmark-aligned box sat relative to the face box at the last landmark reading. */
  alignment: Alignment | null;
  pose: HeadPose | null;
  /** Consecutive detector passes that missed this face while the follower still saw it. */
  detectorMisses: number;
}

/** Aligned box as [dx, dy, width, height] fractions of the face box it was measured in. */
type Alignment = [number, number, number, number];

/** A face read on this frame; `mouth` is null where the landmarks were carried over, not read. */
type Reading = Omit<FaceReading, 'mouth'> & { mouth: number | null; alignment: Alignment | null };

/**
 * Reads the faces big enough to read. On detector frames: landmarks → pose,
 * aligned box → expressions (and the alignment is remembered). Between
 * detector passes the landmark net is skipped: the aligned box is placed
 * where the last alignment puts it on the followed box, the pose carried
 * over, and only the expression net runs. That halves the per-face cost on
 * most frames; expressions — the output that matters per second — are still
 * read on every frame.
 */
async function readFound(
  frame: tf.Tensor3D,
  found: Followed[],
  sizes: number[],
  open: OpenTrack[],
  detectorFrame: boolean,
  minFaceSize: number,
): Promise<Map<number, Reading>> {
  const out = new Map<number, Reading>();
  const full: number[] = [];
  const carried: number[] = [];
  found.forEach((f, i) => {
    if (sizes[i] < minFaceSize) return;
    const known = f.track >= 0 ? open[f.track] : null;
    if (!detectorFrame && known?.alignment && known.pose) carried.push(i);
    else full.push(i);
  });
  const readings = await readFaces(frame, full.map((i) => found[i].detection.box));
  full.forEach((i, k) => {
    const [x, y, w, h] = found[i].detection.box;
    const a = readings[k].alignedBox;
    out.set(i, { ...readings[k], alignment: [(a[0] - x) / w, (a[1] - y) / h, a[2] / w, a[3] / h] });
  });
  const alignedBoxes = carried.map((i): PixelBox => {
    const [x, y, w, h] = found[i].detection.box;
    const [dx, dy, sw, sh] = open[found[i].track].alignment!;
    return [x + dx * w, y + dy * h, sw * w, sh * h];
  });
  const expressions = await readExpressions(frame, alignedBoxes);
  carried.forEach((i, k) => out.set(i, { alignedBox: alignedBoxes[k], expressions: expressions[k], pose: open[found[i].track].pose!, mouth: null, alignment: null }));
  return out;
}

/**
 * Analyses one time chunk of a video: decode → detect (every n-th frame) or
 * re-find known faces → landmarks, pose, expressions for faces big enough →
 * tracks → one descriptor per track from its best frames. Memory is bounded
 * by one frame plus a few 150×150 crops per open track.
 */
export async function analyseFaceChunk(input: FaceChunkInput): Promise<FaceChunkResult> {
  const started = performance.now();
  const fps = input.fps ?? FACE_CHUNK_DEFAULTS.fps;
  const width = input.width ?? FACE_CHUNK_DEFAULTS.width;
  const detector: DetectorName = input.detector ?? FACE_CHUNK_DEFAULTS.detector;
  const minFaceSize = input.minFaceSize ?? FACE_CHUNK_DEFAULTS.minFaceSize;
  const detectEvery = Math.max(1, Math.round(input.detectEvery ?? FACE_CHUNK_DEFAULTS.detectEvery));
  const minScore = input.minScore ?? FACE_CHUNK_DEFAULTS.minScore;
  const backend = await loadFaceModels();
  const info: VideoInfo = await probeVideo(input.videoPath);
  const timings: StageTimings = { decodeS: 0, detectS: 0, trackS: 0, readS: 0, describeS: 0, totalS: 0 };
  const result: FaceChunkResult = {
    version: 1,
    startS: input.startS,
    endS: input.endS,
    fps,
    frameWidth: 0,
    frameHeight: 0,
    detector,
    backend,
    hasVideo: info.hasVideo,
    framesAnalysed: 0,
    detectorFrames: 0,
    facesSeen: 0,
    facesTooSmall: 0,
    tracks: [],
    cuts: [],
    timings,
  };
  if (!info.hasVideo) {
    result.note = 'no video stream: face analysis skipped';
    timings.totalS = (performance.now() - started) / 1000;
    return result;
  }

  const open: OpenTrack[] = [];
  const finished: OpenTrack[] = [];
  let nextTrack = 1;
  let lastDetected: Float32Array | null = null;
  let sinceDetected = 0;
  const expectedFrames = Math.ceil((input.endS - input.startS) * fps - 1e-6);
  const frames = streamFrames({ videoPath: input.videoPath, startS: input.startS, endS: input.endS, fps, width }, info);
  try {
    for (;;) {
      input.signal?.throwIfAborted();
      let mark = performance.now();
      const next = await frames.next();
      timings.decodeS += (performance.now() - mark) / 1000;
      if (next.done) break;
      const frame = next.value;
      result.frameWidth = frame.width;
      result.frameHeight = frame.height;
      const tensor = frameTensor(frame.data, frame.width, frame.height);
      try {
        const t = roundTo(frame.timeS, 4);
        mark = performance.now();
        const signature = frameSignature(frame);
        const changed = lastDetected === null || signatureChange(lastDetected, signature) > SCENE_CHANGE;
        if (changed && lastDetected !== null) result.cuts!.push(t);
        const lastFrame = result.framesAnalysed === expectedFrames - 1;
        const runDetector = changed || lastFrame || ++sinceDetected >= detectEvery;
        // Which open track each face continues (-1: a new face), and whether a detector saw it on this frame.
        let found: Followed[];
        if (runDetector) {
          sinceDetected = 0;
          lastDetected = signature;
          result.detectorFrames++;
          const detections = await detectFaces(tensor, detector, minScore);
          const scores = open.map((o) => detections.map((d) => continuity(o.lastBox, d.box)));
          const matchOf = new Map(assignGreedy(scores).map(([ti, di]) => [di, ti]));
          found = detections.map((detection, di) => ({ detection, track: matchOf.get(di) ?? -1, seen: true }));
          const matched = new Set(matchOf.values());
          for (const ti of matched) open[ti].detectorMisses = 0;
          // A face the full detector misses for a pass or two (a borderline score) is kept while the Tiny follower
          // still sees it in place; otherwise the track ends here, without the frames it was only assumed to stay.
          for (let ti = open.length - 1; ti >= 0; ti--) {
            if (matched.has(ti)) continue;
            if (open[ti].detectorMisses < MAX_DETECTOR_MISSES) {
              const followed = await followFace(tensor, open[ti]);
              if (followed.seen && detections.every((d) => iou(d.box, followed.detection.box) < DUPLICATE_IOU)) {
                open[ti].detectorMisses++;
                found.push({ ...followed, track: ti });
                continue;
              }
            }
            dropUnconfirmed(open[ti]);
            const [ended] = open.splice(ti, 1);
            if (ended.track.observations.length) finished.push(ended);
            found.forEach((f) => f.track > ti && f.track--);
          }
          timings.detectS += (performance.now() - mark) / 1000;
        } else {
          found = [];
          for (let ti = 0; ti < open.length; ti++) found.push({ ...(await followFace(tensor, open[ti])), track: ti });
          found = dropDuplicates(found);
          timings.trackS += (performance.now() - mark) / 1000;
        }

        const sizes = found.map((f) => Math.sqrt(f.detection.box[2] * f.detection.box[3]));
        mark = performance.now();
        const readingOf = await readFound(tensor, found, sizes, open, runDetector, minFaceSize);
        timings.readS += (performance.now() - mark) / 1000;

        found.forEach((f, i) => {
          const reading = readingOf.get(i);
          const sizeFactor = Math.min(1, sizes[i] / FULL_QUALITY_SIZE);
          const quality = reading ? f.detection.score * sizeFactor * frontalness(reading.pose) : 0;
          const observation: FaceObservation = {
            t,
            box: toRelative(f.detection.box, frame.width, frame.height),
            score: roundTo(f.detection.score, 4),
            sizePx: Math.round(sizes[i]),
            quality: roundTo(quality, 4),
            expressions: reading ? reading.expressions.map((v) => roundTo(v, 4)) : null,
            pose: reading ? [Math.round(reading.pose.yaw), Math.round(reading.pose.pitch), Math.round(reading.pose.roll)] : null,
            mouth: reading?.mouth == null ? null : roundTo(reading.mouth, 4),
          };
          let target: OpenTrack;
          if (f.track >= 0) target = open[f.track];
          else {
            target = {
              track: {
                id: `${input.startS}s-${nextTrack++}`,
                startS: t,
                endS: t,
                observations: [],
                descriptor: null,
                descriptorFrames: 0,
                best: { t, box: observation.box, quality: -1 },
              },
              detectorBox: f.detection.box,
              detectorScore: f.detection.score,
              lastBox: f.detection.box,
              unconfirmed: 0,
              candidates: [],
              alignment: null,
              pose: null,
              detectorMisses: 0,
            };
            open.push(target);
          }
          if (reading?.alignment) {
            target.alignment = reading.alignment;
            target.pose = reading.pose;
          }
          target.track.observations.push(observation);
          target.track.endS = t;
          target.lastBox = f.detection.box;
          target.unconfirmed = f.seen ? 0 : target.unconfirmed + 1;
          if (!runDetector) return;
          target.detectorBox = f.detection.box;
          target.detectorScore = f.detection.score;
          // Best frames (thumbnail, descriptor) come only from detector-confirmed frames.
          if (quality > target.track.best.quality) target.track.best = { t, box: observation.box, quality: observation.quality };
          if (reading?.alignment) keepBestCrop(target, quality, () => cutFaceForDescriptor(tensor, reading.alignedBox));
        });
      } finally {
        tensor.dispose();
      }
      result.framesAnalysed++;
      input.onProgress?.(Math.min(1, result.framesAnalysed / Math.max(1, expectedFrames)));
    }
  } finally {
    await frames.return(undefined);
  }
  // Frames after the last detector pass (only if the stream ended early) are not confirmed either.
  for (const o of open) dropUnconfirmed(o);

  const all = [...finished, ...open].filter((o) => o.track.observations.length > 0);
  const mark = performance.now();
  const crops = all.flatMap((o) => o.candidates.map((c) => c.crop));
  const descriptors = await describeFaces(crops);
  crops.forEach((c) => c.dispose());
  let k = 0;
  for (const o of all) {
    const own = descriptors.slice(k, k + o.candidates.length);
    k += o.candidates.length;
    if (own.length) {
      o.track.descriptor = meanDescriptor(own);
      o.track.descriptorFrames = own.length;
    }
  }
  timings.describeS = (performance.now() - mark) / 1000;
  result.tracks = all.map((o) => o.track).sort((a, b) => a.startS - b.startS || a.id.localeCompare(b.id, 'en', { numeric: true }));
  timings.totalS = (performance.now() - started) / 1000;
  for (const key of Object.keys(timings) as Array<keyof StageTimings>) timings[key] = roundTo(timings[key], 4);
  for (const track of result.tracks) {
    result.facesSeen += track.observations.length;
    result.facesTooSmall += track.observations.filter((o) => !o.expressions).length;
  }
  if (result.framesAnalysed > 0 && result.facesSeen === 0) result.note = 'no faces found';
  return result;
}

/**
 * Where a known face is on a frame without a detector pass: the Tiny
 * detector's find near its last box, re-centred but kept at the size and
 * shape of the last full detection (the two detectors draw differently
 * sized boxes). If Tiny finds nothing there, the face is assumed to have
 * stayed put, provisionally: the next full detection confirms the track or
 * these frames are dropped (dropUnconfirmed).
 */
async function followFace(frame: tf.Tensor3D, open: OpenTrack): Promise<{ detection: Detection; seen: boolean }> {
  const near = await redetectNear(frame, open.lastBox, TRACK_MIN_SCORE);
  const [, , w, h] = open.detectorBox;
  if (!near || continuity(open.lastBox, near.box) === 0) return { detection: { box: open.lastBox, score: open.detectorScore }, seen: false };
  const cx = near.box[0] + near.box[2] / 2;
  const cy = near.box[1] + near.box[3] / 2;
  return { detection: { box: [cx - w / 2, cy - h / 2, w, h], score: open.detectorScore }, seen: true };
}

function dropUnconfirmed(open: OpenTrack): void {
  if (open.unconfirmed === 0) return;
  open.track.observations.splice(open.track.observations.length - open.unconfirmed, open.unconfirmed);
  open.unconfirmed = 0;
  const last = open.track.observations[open.track.observations.length - 1];
  if (last) open.track.endS = last.t;
}

/** When two tracks re-find the same face, the one that saw it (else the higher score) keeps it. */
function dropDuplicates(found: Followed[]): Followed[] {
  const byScore = [...found].sort((a, b) => Number(b.seen) - Number(a.seen) || b.detection.score - a.detection.score);
  const kept: typeof found = [];
  for (const f of byScore) if (kept.every((k) => iou(k.detection.box, f.detection.box) < DUPLICATE_IOU)) kept.push(f);
  return kept;
}

function keepBestCrop(target: OpenTrack, quality: number, cut: () => tf.Tensor3D): void {
  const { candidates } = target;
  if (candidates.length < DESCRIPTOR_FRAMES) {
    candidates.push({ quality, crop: cut() });
    return;
  }
  let worst = 0;
  for (let i = 1; i < candidates.length; i++) if (candidates[i].quality < candidates[worst].quality) worst = i;
  if (quality <= candidates[worst].quality) return;
  candidates[worst].crop.dispose();
  candidates[worst] = { quality, crop: cut() };
}
