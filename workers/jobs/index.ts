import type { JobName } from '../../lib/jobs/definitions';
import type { AnyJobHandler } from '../../lib/jobs/registry';
import analysisStage from './analysis-stage';
import blurredCopy from './blurred-copy';
import faceTemplate from './face-template';
import renderReport from './render-report';
import sweepSupersededRuns from './sweep-superseded-runs';
import voiceTemplate from './voice-template';

/** Every job's handler, by job name: a job defined in lib/jobs/definitions.ts without a handler here does not type-check. */
const HANDLERS = {
  'analysis-stage': analysisStage,
  'face-template': faceTemplate,
  'voice-template': voiceTemplate,
  'render-report': renderReport,
  'sweep-superseded-runs': sweepSupersededRuns,
  'blurred-copy': blurredCopy,
} satisfies Record<JobName, AnyJobHandler>;

export const JOB_HANDLERS: readonly AnyJobHandler[] = Object.values(HANDLERS);
