import { getLatestRun, getMediaAsset, listRunStages, type LessonSummary } from '../db/queries';
import { currentRunOf } from './current-run';
import type { AudioStreamFacts, VideoStreamFacts } from '../media/stream-facts';
import { PIPELINE } from '../jobs/pipeline';
import { stageFraction, stageSecondsLeft } from '../jobs/progress';

export type StageView = {
  name: string;
  label: string;
  status: 'waiting' | 'queued' | 'running' | 'done' | 'failed' | 'skipped' | 'cancelled';
  ms: number | null;
  /** How far the stage is, 0–1 (its chunks averaged). */
  fraction: number;
  /** Estimated seconds left while it runs, from 10 % done on. */
  secondsLeft: number | null;
};

/** What the lesson page shows about the recording and its analysis; also served as JSON for live updates. */
export type LessonStatusView = {
  lessonStatus: LessonSummary['status'];
  media: {
    originalName: string;
    sizeBytes: number;
    durationSeconds: number;
    container: string;
    video: VideoStreamFacts | null;
    audio: AudioStreamFacts | null;
    hasPoster: boolean;
  } | null;
  run: {
    id: string;
    status: string;
    progress: number;
    attempts: number;
    error: string | null;
    notes: string[];
    tfBackend: string | null;
    stages: StageView[];
    startedAt: string | null;
    finishedAt: string | null;
  } | null;
  /** The run whose results the page shows (the latest successful one), when it is not the run above. */
  earlierResults: { runId: string; finishedAt: string | null } | null;
};

function stageStatus(statuses: string[]): StageView['status'] {
  if (statuses.length === 0) return 'waiting';
  if (statuses.includes('failed')) return 'failed';
  if (statuses.includes('running')) return 'running';
  if (statuses.includes('cancelled')) return 'cancelled';
  if (statuses.every((s) => s === 'skipped')) return 'skipped';
  if (statuses.every((s) => s === 'done' || s === 'skipped')) return 'done';
  return statuses.includes('done') ? 'running' : 'queued';
}

export async function lessonStatusView(lesson: LessonSummary): Promise<LessonStatusView> {
  const [asset, run, current] = await Promise.all([
    lesson.currentMediaId ? getMediaAsset(lesson.currentMediaId) : null,
    getLatestRun(lesson.id),
    currentRunOf(lesson),
  ]);
  const now = new Date();
  const stageRows = run ? await listRunStages(run.id) : [];
  return {
    lessonStatus: lesson.status,
    media: asset && {
      originalName: asset.originalName,
      sizeBytes: asset.sizeBytes,
      durationSeconds: asset.durationSeconds,
      container: asset.container,
      video: asset.video,
      audio: asset.audio,
      hasPoster: !!asset.posterKey,
    },
    run: run && {
      id: run.id,
      status: run.status,
      progress: run.progress,
      attempts: run.attempts,
      error: run.error,
      notes: run.notes,
      tfBackend: run.tfBackend,
      startedAt: run.startedAt?.toISOString() ?? null,
      finishedAt: run.finishedAt?.toISOString() ?? null,
      stages: PIPELINE.map((s) => ({
        name: s.name,
        label: s.label,
        status: stageStatus(stageRows.filter((r) => r.stage === s.name).map((r) => r.status)),
        ms: run.stageTimings[s.name] ?? null,
        fraction: stageFraction(stageRows, s.name),
        secondsLeft: stageSecondsLeft(stageRows, s.name, now),
      })),
    },
    earlierResults: current && current.id !== run?.id ? { runId: current.id, finishedAt: current.finishedAt?.toISOString() ?? null } : null,
  };
}
