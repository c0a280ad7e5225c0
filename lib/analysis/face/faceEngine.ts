import path from 'node:path';
import * as faceapi from '@vladmandic/face-api/dist/face-api.node-wasm.js';
import { packageDir } from '../package-dir';
import { initTensorflow, tf, type TensorflowBackend } from '../tf';
import { EMOTIONS } from '../emotions';
import { mouthOpening } from './mouth';
import { headPose, type HeadPose } from './headPose';
import { iou } from './boxes';
import type { DetectorName, PixelBox } from './types';

/**
 * Thin typed layer over face-api's networks. Everything here works on one
 * decoded frame tensor and plain pixel boxes; tracking and scheduling live
 * elsewhere so each can be tested alone.
 */

let loaded: Promise<TensorflowBackend> | undefined;

export function modelDirectory(): string {
  return path.join(packageDir('@vladmandic/face-api'), 'model');
}

/** Initialises TensorFlow.js (tfjs-node or WASM+SIMD, never cpu) and loads the face networks from disk once per process. */
export function loadFaceModels(): Promise<TensorflowBackend> {
  loaded ??= (async () => {
    const backend = await initTensorflow();
    const dir = modelDirectory();
    await Promise.all([
      faceapi.nets.ssdMobilenetv1.loadFromDisk(dir),
      faceapi.nets.tinyFaceDetector.loadFromDisk(dir),
      faceapi.nets.faceLandmark68Net.loadFromDisk(dir),
      faceapi.nets.faceExpressionNet.loadFromDisk(dir),
      faceapi.nets.faceRecognitionNet.loadFromDisk(dir),
    ]);
    return backend;
  })();
  return loaded;
}

export function frameTensor(data: Uint8Array, width: number, height: number): tf.Tensor3D {
  return tf.tensor3d(data, [height, width, 3], 'int32');
}

export interface Detection {
  box: PixelBox;
  score: number;
}

function toPixelBox(box: { x: number; y: number; width: number; height: number }): PixelBox {
  return [box.x, box.y, box.width, box.height];
}

/** Full-frame detection. SSD MobileNet V1 is the accurate default; Tiny Face Detector is ~4× cheaper and misses more small faces. */
export async function detectFaces(frame: tf.Tensor3D, detector: DetectorName, minScore: number): Promise<Detection[]> {
  const found =
    detector === 'ssd'
      ? await faceapi.nets.ssdMobilenetv1.locateFaces(netInput(frame), new faceapi.SsdMobilenetv1Options({ minConfidence: minScore, maxResults: 100 }))
      : await faceapi.nets.tinyFaceDetector.locateFaces(netInput(frame), new faceapi.TinyFaceDetectorOptions({ inputSize: 608, scoreThreshold: minScore }));
  return found.map((d) => ({ box: toPixelBox(d.box), score: d.score }));
}

/**
 * SSD finds between this score and the minimum score are kept when the Tiny
 * detector, run on the region around them, also sees a face there. Measured
 * by `npm run eval:faces` (models/face/metrics.json → detectorRecall): on
 * turned (3/4 view) faces at 70–140 px this lifts recall from 51 % to ~60 %
 * and on frontal ones from 58 % to ~69 % without adding false finds; a full
 * second Tiny pass does no better and costs ~45 % more detection time.
 */
export const CONFIRM_FROM_SCORE = 0.2;
export const CONFIRM_TINY_SCORE = 0.4;

/**
 * The face stage's full-frame detection: the chosen detector at minScore;
 * with SSD, weaker SSD finds (from CONFIRM_FROM_SCORE) that the Tiny
 * detector confirms on their region (~7 ms each) are kept too — turned and
 * mid-sized faces often score just under the threshold.
 */
export async function findFaces(frame: tf.Tensor3D, detector: DetectorName, minScore: number): Promise<Detection[]> {
  if (detector !== 'ssd') return detectFaces(frame, detector, minScore);
  const found = await detectFaces(frame, 'ssd', Math.min(minScore, CONFIRM_FROM_SCORE));
  const kept: Detection[] = [];
  for (const d of found) {
    if (d.score >= minScore) kept.push(d);
    else {
      const near = await redetectNear(frame, d.box, CONFIRM_TINY_SCORE);
      if (near && iou(near.box, d.box) >= 0.3) kept.push(d);
    }
  }
  return kept;
}

/**
 * Re-finds a known face near where it was: Tiny Face Detector on a square
 * region twice the face's size around its last box, at a 96 px input. The
 * face fills half the region, so this small input is enough, and it costs ~7 ms
 * instead of ~300 ms for a full-frame SSD pass.
 */
export async function redetectNear(frame: tf.Tensor3D, last: PixelBox, minScore: number): Promise<Detection | null> {
  const [frameH, frameW] = frame.shape;
  const side = Math.max(last[2], last[3]) * 2;
  const x0 = Math.max(0, Math.round(last[0] + last[2] / 2 - side / 2));
  const y0 = Math.max(0, Math.round(last[1] + last[3] / 2 - side / 2));
  const w = Math.min(frameW - x0, Math.round(side));
  const h = Math.min(frameH - y0, Math.round(side));
  if (w < 16 || h < 16) return null;
  const region = tf.slice3d(frame, [y0, x0, 0], [h, w, 3]);
  try {
    const found = await faceapi.nets.tinyFaceDetector.locateFaces(netInput(region), new faceapi.TinyFaceDetectorOptions({ inputSize: 96, scoreThreshold: minScore }));
    const lastCx = last[0] + last[2] / 2 - x0;
    const lastCy = last[1] + last[3] / 2 - y0;
    let best: Detection | null = null;
    let bestDistance = Infinity;
    for (const d of found) {
      const distance = Math.hypot(d.box.x + d.box.width / 2 - lastCx, d.box.y + d.box.height / 2 - lastCy);
      if (distance < bestDistance) {
        bestDistance = distance;
        best = { box: [d.box.x + x0, d.box.y + y0, d.box.width, d.box.height], score: d.score };
      }
    }
    return best;
  } finally {
    region.dispose();
  }
}

export interface FaceReading {
  /** Box aligned on the 68 landmarks (what expressions and descriptors are computed on). */
  alignedBox: PixelBox;
  expressions: number[];
  pose: HeadPose;
  /** Mouth opening from the landmarks (mouth.ts). */
  mouth: number;
}

/** Landmarks, head pose and expressions for several faces of one frame, batched through each network. */
export async function readFaces(frame: tf.Tensor3D, boxes: PixelBox[]): Promise<FaceReading[]> {
  if (boxes.length === 0) return [];
  const crops = await cutFaces(frame, boxes);
  let landmarks: faceapi.FaceLandmarks68[];
  try {
    landmarks = asArray(await faceapi.nets.faceLandmark68Net.detectLandmarks(batchInput(crops)));
  } finally {
    crops.forEach((c) => c.dispose());
  }
  const shifted = landmarks.map((l, i) => l.shiftBy<faceapi.FaceLandmarks68>(boxes[i][0], boxes[i][1]));
  const alignedBoxes = shifted.map((l) => toPixelBox(l.align()));
  const aligned = await cutFaces(frame, alignedBoxes);
  let expressions: faceapi.FaceExpressions[];
  try {
    expressions = asArray(await faceapi.nets.faceExpressionNet.predictExpressions(batchInput(aligned)));
  } finally {
    aligned.forEach((c) => c.dispose());
  }
  return shifted.map((l, i) => {
    const points = l.positions.map((p) => [p.x, p.y] as [number, number]);
    return { alignedBox: alignedBoxes[i], expressions: EMOTIONS.map((e) => expressions[i][e]), pose: headPose(points), mouth: mouthOpening(points) };
  });
}

/** Expressions only, for faces whose landmark-aligned boxes are already known (between detector passes). */
export async function readExpressions(frame: tf.Tensor3D, alignedBoxes: PixelBox[]): Promise<number[][]> {
  if (alignedBoxes.length === 0) return [];
  const aligned = await cutFaces(frame, alignedBoxes);
  try {
    const expressions = asArray(await faceapi.nets.faceExpressionNet.predictExpressions(batchInput(aligned)));
    return expressions.map((e) => EMOTIONS.map((name) => e[name]));
  } finally {
    aligned.forEach((c) => c.dispose());
  }
}

/** Face crops cut and resized to the recognition network's 150×150 input, kept (small, int32) until descriptors are computed. */
export function cutFaceForDescriptor(frame: tf.Tensor3D, box: PixelBox): tf.Tensor3D {
  const [frameH, frameW] = frame.shape;
  const [x, y, w, h] = clipBox(box, frameW, frameH);
  return tf.tidy(() => tf.image.resizeBilinear(tf.slice3d(frame, [y, x, 0], [h, w, 3]), [150, 150]).round().toInt() as tf.Tensor3D);
}

/** 128-d descriptors, one per crop, batched. */
export async function describeFaces(crops: tf.Tensor3D[]): Promise<number[][]> {
  if (crops.length === 0) return [];
  const out: number[][] = [];
  // Bounded batches keep the peak activation memory small.
  for (let i = 0; i < crops.length; i += 8) {
    const batch = crops.slice(i, i + 8);
    const descriptors = asArray(await faceapi.nets.faceRecognitionNet.computeFaceDescriptor(batchInput(batch)));
    for (const d of descriptors) out.push(Array.from(d));
  }
  return out;
}

function clipBox(box: PixelBox, frameW: number, frameH: number): PixelBox {
  const x = Math.max(0, Math.floor(box[0]));
  const y = Math.max(0, Math.floor(box[1]));
  const w = Math.max(1, Math.min(frameW - x, Math.ceil(box[0] + box[2]) - x));
  const h = Math.max(1, Math.min(frameH - y, Math.ceil(box[1] + box[3]) - y));
  return [x, y, w, h];
}

/** Face regions cut exactly as face-api's own pipeline does (clipped to the frame, then floored), so results match stock face-api. */
async function cutFaces(frame: tf.Tensor3D, boxes: PixelBox[]): Promise<tf.Tensor3D[]> {
  const rects = boxes.map((b) => new faceapi.Rect(b[0], b[1], b[2], b[3]));
  return (await faceapi.extractFaceTensors(frame as unknown as Parameters<typeof faceapi.extractFaceTensors>[0], rects)) as unknown as tf.Tensor3D[];
}

// face-api's typings name its own bundled copy of the tfjs types; at run time both are the same @tensorflow/tfjs.
function netInput(tensor: tf.Tensor3D): faceapi.TNetInput {
  return tensor as unknown as faceapi.TNetInput;
}

// face-api's nets take a single tensor or an array of tensors (a batch); they return one result or an array accordingly.
function batchInput(tensors: tf.Tensor3D[]): faceapi.TNetInput {
  return (tensors.length === 1 ? tensors[0] : tensors) as unknown as faceapi.TNetInput;
}

function asArray<T>(value: T | T[]): T[] {
  return Array.isArray(value) ? value : [value];
}
