import type { StageName } from '../../lib/jobs/pipeline';
import { audioTrackStage } from './audio-track';
import { posterStage } from './poster';
import { probeStage } from './probe';
import type { Stage } from './stage';

export const STAGES: Record<StageName, Stage> = {
  probe: probeStage,
  poster: posterStage,
  audio: audioTrackStage,
};
