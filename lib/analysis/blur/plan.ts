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
  /**
   * Times of the first sample after each cut, ascending. A hold never reaches into another shot (after a cut
   * the same place shows something else — often the teacher), except the one sample interval before a cut's
   * first sample, where the cut itself happened.
   */
  cuts: number[];
  /** The interval between the samples the sightings come from. */
  sampleS: number;
}

export const BLUR_PLAN_DEFAULTS: BlurPlanOptions = { margin: 0.3, holdS: 0.5, maxGapS: 0.5, cuts: [], sampleS: 0.2 };

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

/** Index of the last entry of an ascending list at or before `t` (-1 when none). */
export function lastAtOrBefore<T>(items: readonly T[], t: number, timeOf: (item: T) => number): number {
  let lo = 0;
  let hi = items.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (timeOf(items[mid]) <= t + 1e-9) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/**
 * Which regions of a frame to blur at any moment, from the faces' sightings.
 * Between two sightings of a face in one shot the region covers both boxes
 * (wherever it moved in between, it was inside them or close: the margin
 * covers the rest); before its first and after its last sighting the box is
 * held for `holdS` within its shot, so a face that appeared between two
 * detector samples is covered from the frame it appeared on. Pure; `regionsAt`
 * is a binary search per face.
 */
export class BlurPlan {
  private readonly faces: FaceSightings[];
  private readonly options: BlurPlanOptions;

  constructor(faces: FaceSightings[], options: Partial<BlurPlanOptions> = {}) {
    this.options = { ...BLUR_PLAN_DEFAULTS, ...options };
    this.faces = faces.filter((f) => f.length > 0).map((f) => [...f].sort((a, b) => a.t - b.t));
  }

  /** The shot a moment belongs to: [time of its first sample, time of the next shot's first sample). */
  private shotOf(t: number): [number, number] {
    const { cuts } = this.options;
    const i = lastAtOrBefore(cuts, t, (c) => c);
    return [i >= 0 ? cuts[i] : -Infinity, i + 1 < cuts.length ? cuts[i + 1] : Infinity];
  }

  regionsAt(t: number): RelativeBox[] {
    const { margin, holdS, maxGapS, sampleS } = this.options;
    const regions: RelativeBox[] = [];
    for (const sightings of this.faces) {
      const before = lastAtOrBefore(sightings, t, (s) => s.t);
      const prev = before >= 0 ? sightings[before] : null;
      const next = before + 1 < sightings.length ? sightings[before + 1] : null;
      const prevShot = prev && this.shotOf(prev.t);
      const nextShot = next && this.shotOf(next.t);
      if (prev && next && next.t - prev.t <= maxGapS && prevShot![0] === nextShot![0]) {
        regions.push(grow(union(prev.box, next.box), margin));
        continue;
      }
      if (prev && t - prev.t <= holdS && t < prevShot![1]) regions.push(grow(prev.box, margin));
      if (next && next.t - t <= holdS && t > nextShot![0] - sampleS) regions.push(grow(next.box, margin));
    }
    return regions;
  }
}
