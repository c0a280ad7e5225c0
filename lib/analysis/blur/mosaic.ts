import type { PixelBox } from '../face/types';

/** Blocks across the longer side of a blurred region: between two and three across the face itself, with the margin. */
const BLOCKS_ACROSS = 4;
/** Grain added over the blur (± levels), in cells of 3×3 pixels so the encoder keeps it (finer grain is smoothed away at CRF 23). */
const GRAIN = 40;
const GRAIN_CELL = 3;

/**
 * Hides a region of a packed RGB24 frame in place: a mosaic of large
 * blocks (each the mean colour of its pixels), then a box blur one block
 * wide so the blocks' edges carry no shape either, then a fixed grain (tied
 * to the frame's pixels, so it stays still while the region moves). The blur
 * removes the face; the grain matters for the face matcher: a small, dark
 * face's descriptor lies close to that of any smooth patch of its colours
 * (even the face erased to its surroundings' colour), and the grain moves
 * the patch's descriptor away from it (npm run eval:blur measures both).
 */
export function blurRegion(data: Uint8Array, width: number, height: number, box: PixelBox): void {
  const x0 = Math.max(0, Math.floor(box[0]));
  const y0 = Math.max(0, Math.floor(box[1]));
  const x1 = Math.min(width, Math.ceil(box[0] + box[2]));
  const y1 = Math.min(height, Math.ceil(box[1] + box[3]));
  const w = x1 - x0;
  const h = y1 - y0;
  if (w < 2 || h < 2) return;
  const block = Math.max(4, Math.round(Math.max(w, h) / BLOCKS_ACROSS));
  for (let by = y0; by < y1; by += block) {
    for (let bx = x0; bx < x1; bx += block) {
      const ex = Math.min(x1, bx + block);
      const ey = Math.min(y1, by + block);
      let r = 0;
      let g = 0;
      let b = 0;
      for (let y = by; y < ey; y++) {
        for (let i = (y * width + bx) * 3, end = (y * width + ex) * 3; i < end; i += 3) {
          r += data[i];
          g += data[i + 1];
          b += data[i + 2];
        }
      }
      const n = (ex - bx) * (ey - by);
      r = Math.round(r / n);
      g = Math.round(g / n);
      b = Math.round(b / n);
      for (let y = by; y < ey; y++) {
        for (let i = (y * width + bx) * 3, end = (y * width + ex) * 3; i < end; i += 3) {
          data[i] = r;
          data[i + 1] = g;
          data[i + 2] = b;
        }
      }
    }
  }
  boxBlur(data, width, x0, y0, w, h, Math.max(1, Math.floor(block / 2)));
  addGrain(data, width, x0, y0, x1, y1);
}

function addGrain(data: Uint8Array, width: number, x0: number, y0: number, x1: number, y1: number): void {
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      let hash = Math.imul(Math.floor(x / GRAIN_CELL), 73856093) ^ Math.imul(Math.floor(y / GRAIN_CELL), 19349663);
      hash = Math.imul(hash ^ (hash >>> 13), 0x5bd1e995);
      hash ^= hash >>> 15;
      const grain = Math.round(((hash & 255) / 255 - 0.5) * 2 * GRAIN);
      const i = (y * width + x) * 3;
      data[i] = Math.min(255, Math.max(0, data[i] + grain));
      data[i + 1] = Math.min(255, Math.max(0, data[i + 1] + grain));
      data[i + 2] = Math.min(255, Math.max(0, data[i + 2] + grain));
    }
  }
}

/** A separable running-sum box blur of radius r over one region (edges clamped to the region). */
function boxBlur(data: Uint8Array, width: number, x0: number, y0: number, w: number, h: number, r: number): void {
  const line = new Float64Array(Math.max(w, h) * 3);
  const pass = (count: number, length: number, at: (outer: number, inner: number) => number) => {
    for (let o = 0; o < count; o++) {
      for (let k = 0; k < length; k++) {
        const i = at(o, k);
        line[k * 3] = data[i];
        line[k * 3 + 1] = data[i + 1];
        line[k * 3 + 2] = data[i + 2];
      }
      for (let c = 0; c < 3; c++) {
        let sum = 0;
        for (let k = -r; k <= r; k++) sum += line[Math.min(length - 1, Math.max(0, k)) * 3 + c];
        for (let k = 0; k < length; k++) {
          data[at(o, k) + c] = Math.round(sum / (2 * r + 1));
          sum += line[Math.min(length - 1, k + r + 1) * 3 + c] - line[Math.max(0, k - r) * 3 + c];
        }
      }
    }
  };
  pass(h, w, (row, col) => ((y0 + row) * width + x0 + col) * 3);
  pass(w, h, (col, row) => ((y0 + row) * width + x0 + col) * 3);
}
