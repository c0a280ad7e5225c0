import { planChunks, type TimeSpan } from '../analysis/chunks';
import type { MediaAsset } from '../db/schema';

/**
 * The analysis stages of a run and what each waits for. Stages whose inputs
 * are ready run at the same time on free workers: the faces read the video
 * while the sound track is extracted and its voices analysed, and the playable
 * copy is made beside them; merge waits for faces and voices, and the run
 * succeeds when every stage has finished. The web app reads labels and weights to show progress; the worker
 * maps each name to its implementation (workers/stages).
 */
export const PIPELINE = [
  { name: 'probe', label: 'Reading the recording', weight: 2, after: [] },
  { name: 'poster', label: 'Making a poster image', weight: 1, after: ['probe'] },
  { name: 'audio', label: 'Extracting the sound track', weight: 3, after: ['probe'] },
  { name: 'playback', label: 'Making a copy every browser can play', weight: 8, after: ['probe'] },
  { name: 'faces', label: 'Finding and reading faces', weight: 64, after: ['probe'] },
  { name: 'voices', label: 'Finding voices and how they sound', weight: 24, after: ['audio'] },
  { name: 'merge', label: 'Putting the lesson together', weight: 6, after: ['poster', 'faces', 'voices'] },
] as const satisfies ReadonlyArray<{ name: string; label: string; weight: number; after: readonly string[] }>;

export type StageName = (typeof PIPELINE)[number]['name'];

export const STAGE_NAMES = PIPELINE.map((s) => s.name) as [StageName, ...StageName[]];

export function stageInfo(name: StageName) {
  return PIPELINE.find((s) => s.name === name)!;
}

/** Stages that can start once every stage in `finished` has finished, and that have not been queued yet. */
export function readyStages(finished: ReadonlySet<StageName>, queued: ReadonlySet<StageName>): StageName[] {
  return PIPELINE.filter((s) => !queued.has(s.name) && s.after.every((d) => finished.has(d))).map((s) => s.name);
}

/**
 * How many jobs a stage is split into for this recording. Faces and voices
 * are cut on the same 5-minute grid, one job per chunk, so every worker takes
 * a share of one lesson; a stage that does not apply (no picture, no sound)
 * runs once, to say so.
 */
export function chunkCount(stage: StageName, asset: Pick<MediaAsset, 'durationSeconds' | 'video' | 'audio'>): number {
  const applies = (stage === 'faces' && asset.video) || (stage === 'voices' && asset.audio);
  return applies ? Math.max(1, planChunks(asset.durationSeconds).length) : 1;
}

/** The stretch of the lesson that chunk `chunk` of a chunked stage analyses. */
export function chunkSpan(asset: Pick<MediaAsset, 'durationSeconds'>, chunk: number): TimeSpan {
  return planChunks(asset.durationSeconds)[chunk] ?? { startS: 0, endS: asset.durationSeconds };
}
