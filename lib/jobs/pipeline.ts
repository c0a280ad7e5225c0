/**
 * The analysis stages of a run, in order. The web app reads labels and weights
 * to show progress; the worker maps each name to its implementation
 * (workers/stages). A stage may be split into chunks that run as separate jobs.
 */
export const PIPELINE = [
  { name: 'probe', label: 'Reading the recording', weight: 2 },
  { name: 'poster', label: 'Making a poster image', weight: 1 },
  { name: 'audio', label: 'Extracting the sound track', weight: 3 },
  { name: 'playback', label: 'Making a copy every browser can play', weight: 8 },
  { name: 'faces', label: 'Finding and reading faces', weight: 64 },
  { name: 'voices', label: 'Finding voices and how they sound', weight: 24 },
  { name: 'merge', label: 'Putting the lesson together', weight: 6 },
  { name: 'report', label: 'Printing the report', weight: 2 },
] as const;

export type StageName = (typeof PIPELINE)[number]['name'];

const TOTAL_WEIGHT = PIPELINE.reduce((sum, s) => sum + s.weight, 0);

export function nextStage(name: StageName): StageName | null {
  const index = PIPELINE.findIndex((s) => s.name === name);
  return PIPELINE[index + 1]?.name ?? null;
}

/** Overall progress 0–100 when `stage` is `fraction` done (all stages before it finished). */
export function overallProgress(stage: StageName, fraction: number): number {
  let before = 0;
  for (const s of PIPELINE) {
    if (s.name === stage) return Math.min(100, Math.round(((before + s.weight * Math.min(1, Math.max(0, fraction))) / TOTAL_WEIGHT) * 100));
    before += s.weight;
  }
  return 0;
}
