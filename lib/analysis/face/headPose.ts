/** Head orientation in degrees. yaw > 0: face turned towards the image's right; pitch > 0: looking up; roll > 0: clockwise tilt in the image. */
export interface HeadPose {
  yaw: number;
  pitch: number;
  roll: number;
}

type Point = [number, number];

function mean(points: Point[]): Point {
  let x = 0;
  let y = 0;
  for (const p of points) {
    x += p[0];
    y += p[1];
  }
  return [x / points.length, y / points.length];
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
const degrees = (radians: number) => (radians * 180) / Math.PI;

/**
 * Where the nose tip sits between the eye line and the mouth on a frontal
 * face, as a fraction of that distance (measured on the frontal example
 * photos); deviations from it are read as pitch.
 */
const FRONTAL_NOSE_DEPTH = 0.58;

/**
 * Approximate head pose from the 68 iBUG landmarks, without a 3-D model:
 * roll from the eye line; after undoing roll, yaw from how far the nose tip
 * sits off the middle of the jaw outline (sin yaw on a cylindrical head),
 * pitch from the nose tip's height between eyes and mouth. Good to roughly
 * ±10°, which is what a frontalness figure needs.
 */
export function headPose(landmarks: Point[]): HeadPose {
  const leftEye = mean(landmarks.slice(36, 42));
  const rightEye = mean(landmarks.slice(42, 48));
  const rollRad = Math.atan2(rightEye[1] - leftEye[1], rightEye[0] - leftEye[0]);
  const [cx, cy] = mean([leftEye, rightEye]);
  const cos = Math.cos(-rollRad);
  const sin = Math.sin(-rollRad);
  const level = (p: Point): Point => [cx + (p[0] - cx) * cos - (p[1] - cy) * sin, cy + (p[0] - cx) * sin + (p[1] - cy) * cos];
  const nose = level(landmarks[30]);
  const jawLeft = level(landmarks[0]);
  const jawRight = level(landmarks[16]);
  const mouth = level(mean([landmarks[48], landmarks[54]]));
  const toLeft = nose[0] - jawLeft[0];
  const toRight = jawRight[0] - nose[0];
  const yaw = degrees(Math.asin(clamp((toLeft - toRight) / Math.max(1e-6, toLeft + toRight), -1, 1)));
  const depth = (nose[1] - cy) / Math.max(1e-6, mouth[1] - cy);
  const pitch = degrees(Math.asin(clamp((FRONTAL_NOSE_DEPTH - depth) / 0.5, -1, 1)));
  return { yaw, pitch, roll: degrees(rollRad) };
}

/** 1 for a face looking straight at the camera, falling to 0 at 90° of yaw or pitch. */
export function frontalness(pose: HeadPose): number {
  return Math.max(0, Math.cos((pose.yaw * Math.PI) / 180) * Math.cos((pose.pitch * Math.PI) / 180));
}
