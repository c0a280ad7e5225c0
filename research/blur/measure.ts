import { descriptorDistance } from '../../lib/analysis/face/descriptors';
import { cutFaceForDescriptor, describeFaces, frameTensor, readFaces } from '../../lib/analysis/face/faceEngine';
import { streamFrames, type RgbFrame } from '../../lib/analysis/face/frames';
import type { PixelBox, RelativeBox } from '../../lib/analysis/face/types';

/**
 * How a blurred copy is judged against its original, frame by frame:
 * - `mad`: mean absolute difference of luma (0–255) inside a face box;
 * - `detailKept`: the copy's detail inside the box (summed luma gradient
 *   magnitude) over the original's. Encoding alone keeps most of it (a
 *   teacher's face, not blurred: about 0.8–1); a blurred face keeps little.
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

export function compareBox(original: RgbFrame, copy: RgbFrame, box: PixelBox): { mad: number; detailKept: number } {
  const { width, height } = original;
  const [x0, y0, x1, y1] = clip(box, width, height);
  let diff = 0;
  let n = 0;
  let detailOriginal = 0;
  let detailCopy = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const i = (y * width + x) * 3;
      diff += Math.abs(luma(original.data, i) - luma(copy.data, i));
      n++;
      if (x + 1 < x1 && y + 1 < y1) {
        const right = i + 3;
        const below = i + width * 3;
        detailOriginal += Math.abs(luma(original.data, right) - luma(original.data, i)) + Math.abs(luma(original.data, below) - luma(original.data, i));
        detailCopy += Math.abs(luma(copy.data, right) - luma(copy.data, i)) + Math.abs(luma(copy.data, below) - luma(copy.data, i));
      }
    }
  }
  return { mad: n ? diff / n : 0, detailKept: detailOriginal > 0 ? detailCopy / detailOriginal : 1 };
}

/** Descriptor distance between the face in `original` at `box` and the same place in `copy`. */
export async function matcherDistance(original: RgbFrame, copy: RgbFrame, box: PixelBox): Promise<number> {
  const a = frameTensor(original.data, original.width, original.height);
  const b = frameTensor(copy.data, copy.width, copy.height);
  try {
    const [reading] = await readFaces(a, [box]);
    const crops = [cutFaceForDescriptor(a, reading.alignedBox), cutFaceForDescriptor(b, reading.alignedBox)];
    const [d1, d2] = await describeFaces(crops);
    crops.forEach((c) => c.dispose());
    return descriptorDistance(d1, d2);
  } finally {
    a.dispose();
    b.dispose();
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
