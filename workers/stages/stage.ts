import type { AnalysisRun, MediaAsset } from '../../lib/db/schema';
import type { StageName } from '../../lib/jobs/pipeline';
import type { Storage } from '../../lib/storage';

export type StageContext = {
  run: AnalysisRun;
  asset: MediaAsset;
  chunk: number;
  storage: Storage;
  /** Reports how far this stage (or chunk) is, 0–1; throws RunCancelled when the teacher cancelled the run. */
  progress(fraction: number): Promise<void>;
};

/** `note` is a sentence for the teacher about this recording ("no faces were found"). */
export type StageOutcome =
  | { status: 'done'; output: unknown; note?: string }
  /** The stage does not apply to this recording. */
  | { status: 'skipped'; note?: string };

export type Stage = {
  name: StageName;
  /** How many jobs the stage is split into for this asset (default 1). */
  chunks?(asset: MediaAsset): number;
  run(context: StageContext): Promise<StageOutcome>;
};

/** A failure whose message is a sentence for the teacher (anything else is logged, and the teacher gets a general sentence). */
export class StageProblem extends Error {}

export class RunCancelled extends Error {
  constructor() {
    super('The run was cancelled');
  }
}
