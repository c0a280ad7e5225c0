import type { RgbFrame } from './frames';

/** Grey samples on a coarse grid: enough to notice a cut or someone walking in, cheap enough for every frame. */
export function frameSignature(frame: RgbFrame, grid = 48): Float32Array {
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

/**
 * Fraction of grid cells whose brightness changed by more than 24 levels.
 * A cut or a new face scores well above the few percent that sensor noise
 * and seated people shifting produce.
 */
export function signatureChange(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return 1;
  let changed = 0;
  for (let i = 0; i < a.length; i++) if (Math.abs(a[i] - b[i]) > 24) changed++;
  return changed / a.length;
}
