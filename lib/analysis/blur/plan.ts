import type { RelativeBox } from '../face/types';

/** Where one face was over time: boxes at the times it was seen (seconds, relative to the frame). */
export type FaceSightings = Array<{ t: number; box: RelativeBox }>;

export interface BlurPlanOptions {
  /** Each box grows by this share of its width and height on every side (hair, ears, a face turning). */
  margin: number;
  /** A face stays blurred this long before it was first and after it was last seen (it appeared or left between samples). */
  holdS: number;
  /** Sightings further apart than this are separate appearances (each held, not bridged). */
  maxGapS: number;
}

export const BLUR_PLAN_DEFAULTS: BlurPlanOptions = { margin: 0.3, holdS: 0.5, maxGapS: 0.5 };

/** The smallest box holding both. */
function union(a: RelativeBox, b: RelativeBox): RelativeBox {
  const x = Math.min(a[0], b[0]);
  const y = Math.min(a[1], b[1]);
  return [x, y, Math.max(a[0] + a[2], b[0] + b[2]) - x, Math.max(a[1] + a[3], b[1] + b[3]) - y];
}

function grow(box: RelativeBox, margin: number): RelativeBox {
  const x0 = Math.max(0, box[0] - box[2] * margin);
  const y0 = Math.max(0, box[1] - box[3] * margin);
  const x1 = Math.min(1, box[0] + box[2] * (1 + margin));
  const y1 = Math.min(1, box[1] + box[3] * (1 + margin));
  return [x0, y0, Math.max(0, x1 - x0), Math.max(0, y1 - y0)];
}

/**
 * Which regions of a frame to blur at any moment, from the faces' sightings.
 * Between two sightings of a face the region covers both boxes (wherever it
 * moved in between, it was inside them or close: the margin covers the
 * rest); before its first and after its last sighting the box is held for
 * `holdS`, so a face that appeared between two detector samples is covered
 * from the frame it appeared on. Pure; `regionsAt` is a binary search per face.
 */
export class BlurPlan {
  private readonly faces: FaceSightings[];

  constructor(faces: FaceSightings[], private readonly options: BlurPlanOptions = BLUR_PLAN_DEFAULTS) {
    this.faces = faces.filter((f) => f.length > 0).map((f) => [...f].sort((a, b) => a.t - b.t));
  }

  get faceCount(): number {
    return this.faces.length;
  }

  regionsAt(t: number): RelativeBox[] {
    const { margin, holdS, maxGapS } = this.options;
    const regions: RelativeBox[] = [];
    for (const sightings of this.faces) {
      // Last sighting at or before t.
      let lo = 0;
      let hi = sightings.length - 1;
      let before = -1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if (sightings[mid].t <= t) {
          before = mid;
          lo = mid + 1;
        } else hi = mid - 1;
      }
      const prev = before >= 0 ? sightings[before] : null;
      const next = before + 1 < sightings.length ? sightings[before + 1] : null;
      if (prev && next && next.t - prev.t <= maxGapS) {
        regions.push(grow(union(prev.box, next.box), margin));
        continue;
      }
      if (prev && t - prev.t <= holdS) regions.push(grow(prev.box, margin));
      if (next && next.t - t <= holdS) regions.push(grow(next.box, margin));
    }
    return regions;
  }
}
