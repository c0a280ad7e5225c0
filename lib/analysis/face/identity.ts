import { descriptorDistance, meanDescriptor } from './descriptors';

/**
 * Descriptor distance at which one followed face is taken to have become
 * someone else (a swap in place that no cut announced), and under which a
 * track ending at a chunk border is continued by one starting there. Chosen
 * by `npm run eval:faces` on composed calibration clips
 * (models/face/metrics.json → thresholds.sameFace): half-way between the
 * largest distance of a face from its own earlier frames (0.18) and the
 * smallest of another person's face from it (0.53). Lower than the
 * clustering threshold on purpose: a needless split only makes two tracks
 * that clustering joins again.
 */
export const SAME_FACE_THRESHOLD = 0.36;

/**
 * Splits a followed face into stretches of one identity. Each window holds
 * the descriptors of its best frames (none when it was never readable);
 * windows are taken in order, and a window whose mean descriptor is at
 * least `threshold` from the mean of the stretch so far starts a new one.
 * Windows without descriptors stay with the stretch they follow. Returns
 * the index of the first window of every stretch (always starting with 0).
 */
export function identityStretches(windows: number[][][], threshold = SAME_FACE_THRESHOLD): number[] {
  const starts = [0];
  let stretch: number[][] = [];
  windows.forEach((descriptors, i) => {
    if (descriptors.length === 0) return;
    const mean = meanDescriptor(descriptors);
    if (stretch.length && descriptorDistance(mean, meanDescriptor(stretch)) >= threshold) {
      starts.push(i);
      stretch = [];
    }
    stretch.push(...descriptors);
  });
  return starts;
}
