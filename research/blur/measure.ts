import { descriptorDistance } from '../../lib/analysis/face/descriptors';
import { cutFaceForDescriptor, describeFaces, frameTensor, loadFaceModels, readFaces } from '../../lib/analysis/face/faceEngine';
import { streamFrames, type RgbFrame } from '../../lib/analysis/face/frames';
import type { PixelBox, RelativeBox } from '../../lib/analysis/face/types';

/**
 * How a blurred copy is judged against its original, frame by frame:
 * - `mad`: mean absolute difference of luma (0–255) inside a face box;
 * - `detailCorrelation`: how much of the face's fine structure (luma
 *   differences between neighbouring pixels) the copy still has, as their
 *   correlation with the original's: encoding again keeps most of it (a
 *   teacher's face: about 0.8–0.95); a blurred face keeps none (the blur
 *   removed it, the grain on top is unrelated to it).
 * - the face matcher's verdict: face-api's descriptor of the box in the copy
 *   against the one in the original, both cut at the box the landmarks align
 *   on the original face (the blurred face has no landmarks left to find).
 */

export function toPixels(box: RelativeBox, width: number, height: number): PixelBox {
  return [box[0] * width, box[1] * height, box[2] * width, box[3] * height];
}

function clip(box: PixelBox, width: number, height: number): [number, number, number, number] {
  const x0 = Math.max(0, Math.floor(box[0]));
  const y0 = Math.max(0, Math.floor(box[1]));
  return [x0, y0, Math.min(width, Math.ceil(box[0] + box[2])), Math.min(height, Math.ceil(box[1] + box[3]))];
}

function luma(data: Uint8Array, i: number): number {
  return 0.299 * data[i] + 0.587 * data[i + 1] + 0.114 * data[i + 2];
}

export function compareBox(original: RgbFrame, copy: RgbFrame, box: PixelBox): { mad: number; detailCorrelation: number } {
  const { width, height } = original;
  const [x0, y0, x1, y1] = clip(box, width, height);
  let diff = 0;
  let n = 0;
  // Fine structure: luma differences to the right and below, in the original (a) and the copy (b).
  let sa = 0;
  let sb = 0;
  let saa = 0;
  let sbb = 0;
  let sab = 0;
  let m = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const i = (y * width + x) * 3;
      diff += Math.abs(luma(original.data, i) - luma(copy.data, i));
      n++;
      if (x + 1 >= x1 || y + 1 >= y1) continue;
      for (const j of [i + 3, i + width * 3]) {
        const a = luma(original.data, j) - luma(original.data, i);
        const b = luma(copy.data, j) - luma(copy.data, i);
        sa += a;
        sb += b;
        saa += a * a;
        sbb += b * b;
        sab += a * b;
        m++;
      }
    }
  }
  const cov = sab / m - (sa / m) * (sb / m);
  const spread = Math.sqrt(Math.max(0, saa / m - (sa / m) ** 2) * Math.max(0, sbb / m - (sb / m) ** 2));
  return { mad: n ? diff / n : 0, detailCorrelation: spread > 0 ? cov / spread : 0 };
}

/** The face erased: the box filled with the mean colour of its border (what a matcher would make of a face with nothing left of it). */
export function eraseBox(frame: RgbFrame, box: PixelBox): RgbFrame {
  const { width, height } = frame;
  const [x0, y0, x1, y1] = clip(box, width, height);
  const data = frame.data.slice();
  const sum = [0, 0, 0];
  let n = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      if (y !== y0 && y !== y1 - 1 && x !== x0 && x !== x1 - 1) continue;
      for (let c = 0; c < 3; c++) sum[c] += data[(y * width + x) * 3 + c];
      n++;
    }
  }
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) for (let c = 0; c < 3; c++) data[(y * width + x) * 3 + c] = Math.round(sum[c] / Math.max(1, n));
  return { ...frame, data };
}

/**
 * Descriptor distances from the face in `original` at `box` to the same place
 * in `copy`, and to the same place with the face erased (eraseBox): a face
 * whose erased distance is under the identity threshold is one the matcher
 * cannot tell from a blank patch, so no blur can take it further than that.
 */
export async function matcherDistances(original: RgbFrame, copy: RgbFrame, box: PixelBox): Promise<{ distance: number; erasedDistance: number }> {
  // The tensors need the backend before the models' first use would start it.
  await loadFaceModels();
  const frames = [original, copy, eraseBox(original, box)].map((f) => frameTensor(f.data, f.width, f.height));
  try {
    const [reading] = await readFaces(frames[0], [box]);
    const crops = frames.map((f) => cutFaceForDescriptor(f, reading.alignedBox));
    const [face, blurred, erased] = await describeFaces(crops);
    crops.forEach((c) => c.dispose());
    return { distance: descriptorDistance(face, blurred), erasedDistance: descriptorDistance(face, erased) };
  } finally {
    frames.forEach((f) => f.dispose());
  }
}

/** The original and the copy decoded side by side at the copy's size and frame rate (frame i of one is frame i of the other). */
export async function* pairedFrames(original: string, copy: string, options: { fps: number; width: number; durationS: number }): AsyncGenerator<{ original: RgbFrame; copy: RgbFrame }> {
  const span = { startS: 0, endS: options.durationS, fps: options.fps, width: options.width };
  const a = streamFrames({ videoPath: original, ...span });
  const b = streamFrames({ videoPath: copy, ...span });
  try {
    for (;;) {
      const [x, y] = await Promise.all([a.next(), b.next()]);
      if (x.done || y.done) return;
      yield { original: x.value, copy: y.value };
    }
  } finally {
    await a.return(undefined);
    await b.return(undefined);
  }
}
