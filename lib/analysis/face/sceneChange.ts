import type { RgbFrame } from './frames';
import type { PixelBox } from './types';

/** Columns of the coarse grey grid a frame signature samples (rows follow the aspect ratio). */
export const SIGNATURE_COLUMNS = 48;

/** Grey samples on a coarse grid: enough to notice a cut or someone walking in, cheap enough for every frame. */
export function frameSignature(frame: RgbFrame, grid = SIGNATURE_COLUMNS): Float32Array {
  const rows = Math.max(1, Math.round((grid * frame.height) / frame.width));
  const out = new Float32Array(grid * rows);
  for (let r = 0; r < rows; r++) {
    const y = Math.floor(((r + 0.5) * frame.height) / rows);
    for (let c = 0; c < grid; c++) {
      const x = Math.floor(((c + 0.5) * frame.width) / grid);
      const i = (y * frame.width + x) * 3;
      out[r * grid + c] = 0.299 * frame.data[i] + 0.587 * frame.data[i + 1] + 0.114 * frame.data[i + 2];
    }
  }
  return out;
}

/** Grey levels a grid cell must change by to count as changed (sensor noise and compression stay well below). */
const CELL_CHANGE = 24;

/**
 * Fraction of grid cells whose brightness changed by more than 24 levels.
 * A cut or a new face scores well above the few percent that sensor noise
 * and seated people shifting produce.
 */
export function signatureChange(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return 1;
  let changed = 0;
  for (let i = 0; i < a.length; i++) if (Math.abs(a[i] - b[i]) > CELL_CHANGE) changed++;
  return changed / a.length;
}

/** A head is about this much bigger than the detector's face box: hair and outline tell people apart better than the face's inside. */
const HEAD_GROWTH = 1.4;

/**
 * A face's look in one frame: the colour histogram (4 levels per channel)
 * of its head, the box grown by 40 %, sampled every other pixel. Unlike a
 * pixel patch it hardly changes when the box lands a few pixels off, which
 * it does from frame to frame.
 */
export function faceLook(frame: RgbFrame, box: PixelBox): Float32Array {
  const out = new Float32Array(64);
  const grow = (HEAD_GROWTH - 1) / 2;
  const x0 = Math.max(0, Math.floor(box[0] - box[2] * grow));
  const y0 = Math.max(0, Math.floor(box[1] - box[3] * grow));
  const x1 = Math.min(frame.width, Math.ceil(box[0] + box[2] * (1 + grow)));
  const y1 = Math.min(frame.height, Math.ceil(box[1] + box[3] * (1 + grow)));
  let n = 0;
  for (let y = y0; y < y1; y += 2)
    for (let x = x0; x < x1; x += 2) {
      const i = (y * frame.width + x) * 3;
      out[(frame.data[i] >> 6) * 16 + (frame.data[i + 1] >> 6) * 4 + (frame.data[i + 2] >> 6)]++;
      n++;
    }
  if (n) for (let i = 0; i < out.length; i++) out[i] /= n;
  return out;
}

/** Histogram intersection of two looks: 1 for the same colours in the same proportions. */
export function lookSimilarity(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.min(a[i], b[i]);
  return sum;
}
