import type { FrameFeatures } from './frame-features';
import { deltas } from './statistics';

export interface PoolingOptions {
  /** Frames quieter than this many dB below the segment's loudest frame are ignored as pauses. */
  activityRangeDb: number;
  /** Frames below this RMS (dBFS) are never active. */
  activityFloorDb: number;
}

export const DEFAULT_POOLING_OPTIONS: PoolingOptions = { activityRangeDb: 35, activityFloorDb: -70 };

/** A segment's frames with the pause/sound decision every functional shares. */
export interface ActiveFrames {
  features: FrameFeatures;
  /** RMS level of every frame in dBFS. */
  energyDb: Float64Array;
  /** Regression deltas of energyDb (statistics.ts `deltas`). */
  energyDeltaDb: Float64Array;
  /** Level (dBFS) at or above which a frame is active. */
  thresholdDb: number;
  /** Indices (ascending) of the active frames. */
  active: number[];
  /** Indices (ascending) of the active frames that are voiced. */
  voiced: number[];
  /** Indices (ascending) of the active frames that are not voiced. */
  unvoiced: number[];
  framesPerSecond: number;
}

export function selectActiveFrames(features: FrameFeatures, options: PoolingOptions = DEFAULT_POOLING_OPTIONS): ActiveFrames {
  const n = features.count;
  const energyDb = Float64Array.from(features.rms, (r) => 20 * Math.log10(r + 1e-9));
  let peakDb = -Infinity;
  for (let i = 0; i < n; i++) peakDb = Math.max(peakDb, energyDb[i]);
  const thresholdDb = Math.max(options.activityFloorDb, peakDb - options.activityRangeDb);
  const active: number[] = [];
  for (let i = 0; i < n; i++) if (energyDb[i] >= thresholdDb) active.push(i);
  const voiced = active.filter((i) => features.voiced[i] === 1);
  const unvoiced = active.filter((i) => features.voiced[i] !== 1);
  const energyDeltaDb = deltas(n, (i) => energyDb[i]);
  return { features, energyDb, energyDeltaDb, thresholdDb, active, voiced, unvoiced, framesPerSecond: features.sampleRate / features.hop };
}

/** Runs of consecutive frame indices in an ascending index list, as [start, end) positions into that list. */
export function consecutiveRuns(indices: number[]): [number, number][] {
  const runs: [number, number][] = [];
  let start = 0;
  for (let k = 1; k <= indices.length; k++) {
    if (k === indices.length || indices[k] !== indices[k - 1] + 1) {
      if (k > start) runs.push([start, k]);
      start = k;
    }
  }
  return runs;
}
