import type { PixelBox } from '../face/types';

/** Blocks across the longer side of a blurred region: about four across the face itself, with the margin. */
const BLOCKS_ACROSS = 6;

/**
 * Hides a region of a packed RGB24 frame in place: a mosaic of large
 * blocks (each the mean colour of its pixels), then a box blur one block
 * wide so the blocks' edges carry no shape either. What is left is a few
 * blurred patches of skin and hair colour: a face matcher's descriptor of
 * it is far from the face's (test/privacy/blurred-copy.test.ts measures it).
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
