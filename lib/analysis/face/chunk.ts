import { performance } from 'node:perf_hooks';
import { tf } from '../tf';
import { assignGreedy, continuity, iou, toRelative } from './boxes';
import { meanDescriptor } from './descriptors';
import {
  cutFaceForDescriptor,
  describeFaces,
  findFaces,
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
import { identityStretches } from './identity';
import { faceLook, frameSignature, lookSimilarity, signatureChange } from './sceneChange';
import type { BestFrame, DetectorName, FaceChunkResult, FaceObservation, FaceTrack, PixelBox, StageTimings } from './types';
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
/** Best frames a descriptor is averaged over where an identity may begin (a track's start, a suspected swap). */
const DESCRIPTOR_FRAMES = 3;
/**
 * How often a followed face's identity is checked again (one more
 * best-frame descriptor, ~20 ms): every 6 s, or less often when many faces
 * are open (2.5 s per face, so checks cost about one descriptor per 2.5 s
 * of video whatever the crowd: 20 s apart with 8 faces).
 */
const IDENTITY_CHECK_MIN_S = 6;
const IDENTITY_CHECK_S_PER_FACE = 2.5;
/**
 * Close-ups (faces at least this big) are checked on every detector pass:
 * a close-up cut or swapped for someone else's at the same place and size
 * is what fools the tracker, and a picture holds few of them.
 */
const CLOSE_UP_PX = 120;
/**
 * A face whose look (faceLook: colours of the head) changes this much from
 * one analysed frame to the next may be someone else in its place: a new
 * identity window starts there, and a split between two identities is put
 * on the frame where the look changed most. Measured on the composed clips
 * (504 consecutive frames of the same face, 1st percentile 0.84).
 */
const SWAP_SUSPECT = 0.75;
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
  /** Index of the observation it was cut from. */
  index: number;
}

interface Followed {
  detection: Detection;
  track: number;
  seen: boolean;
}

/**
 * A stretch of a followed face whose identity is checked as one: it begins
 * where the track begins, where the face's look jumps (a possible swap) or
 * on the identity check's schedule, and keeps its best readable detector frames.
 */
interface IdentityWindow {
  /** Index of the window's first observation in the track. */
  from: number;
  startS: number;
  candidates: DescriptorCandidate[];
  /** Crops kept: DESCRIPTOR_FRAMES where an identity may begin, 1 for a periodic check. */
  keep: number;
  /** Best detector-confirmed frame (thumbnail); quality -1 when none. */
  best: BestFrame;
}

interface OpenTrack {
  track: FaceTrack;
  /** Box and score of the last full-frame detection that confirmed this face. */
  detectorBox: PixelBox;
  detectorScore: number;
  lastBox: PixelBox;
  /** Observations at the end of the track where it was assumed to stay put (no detector saw it), not yet confirmed. */
  unconfirmed: number;
  windows: IdentityWindow[];
  /** The face's look on its last frame (faceLook). */
  look: Float32Array | null;
  /** Per observation: lookSimilarity to the observation before (1 for the first). */
  lookSimilarities: number[];
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
  const cuts: number[] = [];
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
    cuts,
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
  const frames = streamFrames({ videoPath: input.videoPath, startS: input.startS, endS: input.endS, fps, width, detectCuts: true }, info);
  const endTrack = (ti: number) => {
    dropUnconfirmed(open[ti]);
    const [ended] = open.splice(ti, 1);
    if (ended.track.observations.length) finished.push(ended);
  };
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
        // A hard cut ends every track: whoever is at the same place in the next shot is a new track.
        if (frame.cutBefore) {
          cuts.push(t);
          for (let ti = open.length - 1; ti >= 0; ti--) endTrack(ti);
        }
        const signature = frameSignature(frame);
        const changed = lastDetected === null || frame.cutBefore === true || signatureChange(lastDetected, signature) > SCENE_CHANGE;
        const lastFrame = result.framesAnalysed === expectedFrames - 1;
        const runDetector = changed || lastFrame || ++sinceDetected >= detectEvery;
        // Which open track each face continues (-1: a new face), and whether a detector saw it on this frame.
        let found: Followed[];
        if (runDetector) {
          sinceDetected = 0;
          lastDetected = signature;
          result.detectorFrames++;
          const detections = await findFaces(tensor, detector, minScore);
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
            endTrack(ti);
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
        const checkEveryS = Math.max(IDENTITY_CHECK_MIN_S, IDENTITY_CHECK_S_PER_FACE * found.length);
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
              windows: [newWindow(0, t, DESCRIPTOR_FRAMES)],
              look: null,
              lookSimilarities: [],
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
          const look = faceLook(frame, f.detection.box);
          const similarity = target.look ? lookSimilarity(target.look, look) : 1;
          const index = target.track.observations.length;
          const window = target.windows[target.windows.length - 1];
          // At most one suspected swap per detector pass: a window is only closed once it has a crop.
          if (similarity < SWAP_SUSPECT && window.candidates.length > 0) target.windows.push(newWindow(index, t, DESCRIPTOR_FRAMES));
          else if (runDetector && sizes[i] >= CLOSE_UP_PX ? window.candidates.length > 0 : t - window.startS >= checkEveryS) target.windows.push(newWindow(index, t, 1));
          target.look = look;
          target.lookSimilarities.push(similarity);
          target.track.observations.push(observation);
          target.track.endS = t;
          target.lastBox = f.detection.box;
          target.unconfirmed = f.seen ? 0 : target.unconfirmed + 1;
          if (!runDetector) return;
          target.detectorBox = f.detection.box;
          target.detectorScore = f.detection.score;
          // Best frames (thumbnail, descriptor) come only from detector-confirmed frames.
          const current = target.windows[target.windows.length - 1];
          if (quality > current.best.quality) current.best = { t, box: observation.box, quality: observation.quality };
          if (reading?.alignment) keepBestCrop(current, quality, index, () => cutFaceForDescriptor(tensor, reading.alignedBox));
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
  const crops = all.flatMap((o) => o.windows.flatMap((w) => w.candidates.map((c) => c.crop)));
  const descriptors = await describeFaces(crops);
  crops.forEach((c) => c.dispose());
  let k = 0;
  const tracks: FaceTrack[] = [];
  for (const o of all) {
    const windowDescriptors = o.windows.map((w) => descriptors.slice(k, (k += w.candidates.length)));
    tracks.push(...splitByIdentity(o, windowDescriptors, () => `${input.startS}s-${nextTrack++}`));
  }
  timings.describeS = (performance.now() - mark) / 1000;
  result.tracks = tracks.sort((a, b) => a.startS - b.startS || a.id.localeCompare(b.id, 'en', { numeric: true }));
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
  const kept = open.track.observations.length - open.unconfirmed;
  open.track.observations.splice(kept, open.unconfirmed);
  open.lookSimilarities.splice(kept, open.unconfirmed);
  open.unconfirmed = 0;
  // Windows that began on dropped frames go (their crops too; a window keeps at least the track's first).
  while (open.windows.length > 1 && open.windows[open.windows.length - 1].from >= kept) open.windows.pop()!.candidates.forEach((c) => c.crop.dispose());
  const last = open.track.observations[open.track.observations.length - 1];
  if (last) open.track.endS = last.t;
}

function newWindow(from: number, startS: number, keep: number): IdentityWindow {
  return { from, startS, candidates: [], keep, best: { t: startS, box: [0, 0, 0, 0], quality: -1 } };
}

/**
 * One track per stretch of one identity (identityStretches over the
 * windows' descriptors): the first keeps the track's id. Between the last
 * crop of one identity and the first of the next, the split falls on the
 * frame whose look changed most. Each track gets the mean descriptor of
 * its windows' best frames and its best frame.
 */
function splitByIdentity(open: OpenTrack, windowDescriptors: number[][][], nextId: () => string): FaceTrack[] {
  const { track, windows, lookSimilarities } = open;
  const stretches = identityStretches(windowDescriptors);
  const bounds = stretches.map((first, s) => {
    if (s === 0) return 0;
    const before = windows.slice(0, first).flatMap((w) => w.candidates.map((c) => c.index));
    const after = windows[first].candidates.map((c) => c.index);
    let split = windows[first].from;
    for (let i = Math.max(...before) + 1; i <= Math.min(...after); i++) if (lookSimilarities[i] < lookSimilarities[split]) split = i;
    return split;
  });
  return stretches.map((first, s) => {
    const last = s + 1 < stretches.length ? stretches[s + 1] : windows.length;
    const observations = track.observations.slice(bounds[s], s + 1 < bounds.length ? bounds[s + 1] : track.observations.length);
    const own = windowDescriptors.slice(first, last).flat();
    const best = windows.slice(first, last).reduce((b, w) => (w.best.quality > b.quality ? w.best : b), windows[first].best);
    return {
      id: s === 0 ? track.id : nextId(),
      startS: observations[0].t,
      endS: observations[observations.length - 1].t,
      observations,
      descriptor: own.length ? meanDescriptor(own) : null,
      descriptorFrames: own.length,
      best: best.quality >= 0 ? best : { t: observations[0].t, box: observations[0].box, quality: 0 },
    };
  });
}

/** When two tracks re-find the same face, the one that saw it (else the higher score) keeps it. */
function dropDuplicates(found: Followed[]): Followed[] {
  const byScore = [...found].sort((a, b) => Number(b.seen) - Number(a.seen) || b.detection.score - a.detection.score);
  const kept: typeof found = [];
  for (const f of byScore) if (kept.every((k) => iou(k.detection.box, f.detection.box) < DUPLICATE_IOU)) kept.push(f);
  return kept;
}

function keepBestCrop(window: IdentityWindow, quality: number, index: number, cut: () => tf.Tensor3D): void {
  const { candidates } = window;
  if (candidates.length < window.keep) {
    candidates.push({ quality, crop: cut(), index });
    return;
  }
  let worst = 0;
  for (let i = 1; i < candidates.length; i++) if (candidates[i].quality < candidates[worst].quality) worst = i;
  if (quality <= candidates[worst].quality) return;
  candidates[worst].crop.dispose();
  candidates[worst] = { quality, crop: cut(), index };
}
