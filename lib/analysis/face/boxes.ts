import type { PixelBox, RelativeBox } from './types';
import { roundTo } from '../../round';

export function iou(a: PixelBox | RelativeBox, b: PixelBox | RelativeBox): number {
  const x1 = Math.max(a[0], b[0]);
  const y1 = Math.max(a[1], b[1]);
  const x2 = Math.min(a[0] + a[2], b[0] + b[2]);
  const y2 = Math.min(a[1] + a[3], b[1] + b[3]);
  const inter = Math.max(0, x2 - x1) * Math.max(0, y2 - y1);
  const union = a[2] * a[3] + b[2] * b[3] - inter;
  return union > 0 ? inter / union : 0;
}

/**
 * How plausibly box b is the same face as box a one frame interval later:
 * overlap when there is any, else a small score when the centre moved less
 * than half the face's size and the size changed less than 1.6× (a face that
 * moved fast between samples at 1 frame/s). 0 means "not the same face".
 */
export function continuity(a: PixelBox | RelativeBox, b: PixelBox | RelativeBox, aspect = 1): number {
  const overlap = iou(a, b);
  if (overlap > 0.1) return overlap;
  const sizeA = Math.sqrt(a[2] * a[3] * aspect);
  const sizeB = Math.sqrt(b[2] * b[3] * aspect);
  const ratio = sizeA > sizeB ? sizeA / sizeB : sizeB / sizeA;
  const dx = (a[0] + a[2] / 2 - (b[0] + b[2] / 2)) * Math.sqrt(aspect);
  const dy = (a[1] + a[3] / 2 - (b[1] + b[3] / 2)) / Math.sqrt(aspect);
  return ratio < 1.6 && Math.hypot(dx, dy) < 0.5 * Math.max(sizeA, sizeB) ? 0.05 : 0;
}

export function toRelative(box: PixelBox, width: number, height: number): RelativeBox {
  return [roundTo(box[0] / width, 4), roundTo(box[1] / height, 4), roundTo(box[2] / width, 4), roundTo(box[3] / height, 4)];
}

/**
 * Greedy one-to-one assignment by descending score, pairs scoring 0 never
 * matched. Faces at 1 frame/s are few and well separated, so greedy matches
 * the optimal assignment in practice at a fraction of the code.
 */
export function assignGreedy(scores: number[][]): Array<[number, number]> {
  const pairs: Array<[number, number, number]> = [];
  scores.forEach((row, i) => row.forEach((s, j) => s > 0 && pairs.push([s, i, j])));
  pairs.sort((p, q) => q[0] - p[0]);
  const usedRows = new Set<number>();
  const usedCols = new Set<number>();
  const matches: Array<[number, number]> = [];
  for (const [, i, j] of pairs) {
    if (usedRows.has(i) || usedCols.has(j)) continue;
    usedRows.add(i);
    usedCols.add(j);
    matches.push([i, j]);
  }
  return matches;
}
