import type { AnalysisRun, MediaAsset } from '../../lib/db/schema';
import type { StageOutcome } from '../../lib/jobs/runs';
import type { StageName } from '../../lib/jobs/pipeline';
import type { Storage } from '../../lib/storage';

export type StageContext = {
  run: AnalysisRun;
  asset: MediaAsset;
  chunk: number;
  storage: Storage;
  /** Aborted when the run is cancelled or the stage was taken over: stop between frames or pieces, store nothing. */
  signal: AbortSignal;
  /** How far this stage (or chunk) is, 0–1; call as often as convenient (it is written at most once a second). */
  progress(fraction: number): void;
};

/**
 * A stage computes; what it stores in the database goes in its outcome's
 * `store`, which runs in the transaction that marks the stage done (and only
 * if the run is still active), so a cancelled run leaves no half-written rows.
 */
export type Stage = {
  name: StageName;
  run(context: StageContext): Promise<StageOutcome>;
};

