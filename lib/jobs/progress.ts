import type { StageStatus } from '../db/schema';
import { PIPELINE, type StageName } from './pipeline';

/** What progress needs of a stage row: one per stage (or chunk) of a run. */
export type StageProgressRow = { stage: string; status: StageStatus; progress: number; startedAt: Date | null };

/** A stage counts as this far once it is estimated: ETA only from 10 % on (before that the rate says little). */
export const ETA_FROM_FRACTION = 0.1;

function chunkFraction(row: StageProgressRow): number {
  if (row.status === 'done' || row.status === 'skipped') return 1;
  return Math.min(1, Math.max(0, row.progress));
}

/** How far a stage is, 0–1: its chunks' fractions averaged (a stage not queued yet is at 0). */
export function stageFraction(rows: StageProgressRow[], stage: StageName): number {
  const own = rows.filter((r) => r.stage === stage);
  return own.length ? own.reduce((sum, r) => sum + chunkFraction(r), 0) / own.length : 0;
}

const TOTAL_WEIGHT = PIPELINE.reduce((sum, s) => sum + s.weight, 0);

/** Overall progress 0–100 of a run, every stage weighted by its typical share of the work (stages may run side by side). */
export function runProgress(rows: StageProgressRow[]): number {
  const done = PIPELINE.reduce((sum, s) => sum + s.weight * stageFraction(rows, s.name), 0);
  return Math.min(100, Math.floor((done / TOTAL_WEIGHT) * 100));
}

/**
 * Seconds left of a running stage, from the rate it has kept since its first
 * chunk started (chunks running side by side are in that rate); null until
 * the stage is ETA_FROM_FRACTION done.
 */
export function stageSecondsLeft(rows: StageProgressRow[], stage: StageName, now: Date): number | null {
  const own = rows.filter((r) => r.stage === stage);
  const fraction = stageFraction(rows, stage);
  const starts = own.map((r) => r.startedAt?.getTime()).filter((t): t is number => t !== undefined);
  if (fraction < ETA_FROM_FRACTION || fraction >= 1 || starts.length === 0) return null;
  const elapsedS = (now.getTime() - Math.min(...starts)) / 1000;
  return Math.max(0, Math.round((elapsedS * (1 - fraction)) / fraction));
}
