import { z } from 'zod';
import { config } from '../config';
import { STAGE_NAMES } from './pipeline';
import { defineJob, type JobDefinition } from './registry';

/**
 * Every job LessonLens sends, by name. Each has one handler file in
 * workers/jobs (workers/jobs/index.ts maps them; a definition without a
 * handler does not type-check).
 */

/** One stage (or chunk of a stage) of an analysis run. */
export const analysisStageJob = defineJob({
  name: 'analysis-stage',
  kind: 'analysis',
  payload: z.object({ runId: z.uuid(), stage: z.enum(STAGE_NAMES), chunk: z.int().min(0) }),
  policy: () => ({
    retryLimit: config.stageRetryLimit,
    retryDelay: config.stageRetryDelaySeconds,
    retryBackoff: true,
    // Liveness is the stage's lease (lib/jobs/lease.ts), not pg-boss's expiry: a long one never hands a live stage to a second worker.
    expireInSeconds: 6 * 3600,
  }),
});
export type StageJob = z.infer<typeof analysisStageJob.payload>;

/** A face template from one reference photo (the model runs in a worker, never in the web server). */
export const faceTemplateJob = defineJob({
  name: 'face-template',
  kind: 'biometrics',
  payload: z.object({ templateId: z.uuid() }),
  policy: () => ({ retryLimit: 2, retryDelay: 2, retryBackoff: true, expireInSeconds: 600 }),
});

/** The voice template from a teacher's voice sample. */
export const voiceTemplateJob = defineJob({
  name: 'voice-template',
  kind: 'biometrics',
  payload: z.object({ userId: z.uuid() }),
  policy: () => ({ retryLimit: 2, retryDelay: 2, retryBackoff: true, expireInSeconds: 600 }),
});

/** Prints a reserved report version: the snapshot of what the report shows and its PDF (Chromium runs in a worker, never in the web server). */
export const renderReportJob = defineJob({
  name: 'render-report',
  kind: 'reports',
  payload: z.object({ versionId: z.uuid() }),
  policy: () => ({ retryLimit: 2, retryDelay: 5, retryBackoff: true, expireInSeconds: 600 }),
});

/** Deletes runs (and their results and files) that a newer run superseded longer ago than the school keeps them. */
export const sweepSupersededRunsJob = defineJob({
  name: 'sweep-superseded-runs',
  kind: 'maintenance',
  payload: z.object({}),
  policy: () => ({ retryLimit: 1, retryDelay: 60, retryBackoff: false, expireInSeconds: 1800 }),
  schedule: '17 * * * *',
});

/**
 * The copy of a run's recording with every face but the teacher's blurred. Heavy (a detection pass at 5
 * frames/s, then every frame decoded, blurred and encoded), so an analysis job; retried once.
 */
export const blurredCopyJob = defineJob({
  name: 'blurred-copy',
  kind: 'analysis',
  payload: z.object({ runId: z.uuid() }),
  policy: () => ({ retryLimit: 1, retryDelay: 30, retryBackoff: false, expireInSeconds: 8 * 3600 }),
});

const ALL = [analysisStageJob, faceTemplateJob, voiceTemplateJob, renderReportJob, sweepSupersededRunsJob, blurredCopyJob] as const;
export type JobName = (typeof ALL)[number]['name'];
export const JOB_DEFINITIONS: readonly JobDefinition<unknown>[] = ALL;
