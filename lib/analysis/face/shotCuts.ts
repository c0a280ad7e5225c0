/** Frames per second and grid (columns × rows of grey, area-averaged) on which hard cuts are looked for. */
export const CUT_FPS = 10;
export const CUT_GRID = [32, 18] as const;
/**
 * A hard cut: the mean grey change from one 10 frames/s sample to the next
 * exceeds both neighbouring changes by this many grey levels. Inside a shot,
 * changes at 0.1 s steps are small or, when the camera or someone moves
 * fast, sustained over several steps; a cut is a lone jump. Measured
 * (scripts/eval-faces.ts, composed clips and the shared real clip): cuts
 * 9.9–85.6 above their neighbours, other steps at most 7.7 (a head swinging
 * round in a close-up), 6.3 (a fast zoom), 5.3 (a face swapped in place).
 */
export const CUT_EXCESS = 9;

/**
 * Finds hard cuts in a stream of small grey frames (CUT_GRID at CUT_FPS).
 * Each cut is reported one frame late, once the change after it is known.
 */
export class CutDetector {
  private previous: Uint8Array | null = null;
  /** Changes into the last two frames: [into frame k-1, into frame k]. */
  private changes: [number, number] = [0, 0];
  private index = -1;

  /** Feeds the next frame; returns the index of the frame that starts a new shot, if the frame before this one did. */
  push(frame: Uint8Array): number | null {
    this.index++;
    const change = this.previous ? meanAbsoluteChange(this.previous, frame) : 0;
    this.previous = frame;
    const [before, candidate] = this.changes;
    this.changes = [candidate, change];
    if (this.index < 2) return null;
    return candidate - Math.max(before, change) > CUT_EXCESS ? this.index - 1 : null;
  }

  /** At the end of the stream: the last frame, if it started a new shot. */
  finish(): number | null {
    const [before, candidate] = this.changes;
    return this.index >= 1 && candidate - before > CUT_EXCESS ? this.index : null;
  }
}

function meanAbsoluteChange(a: Uint8Array, b: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i] - b[i]);
  return sum / a.length;
}
