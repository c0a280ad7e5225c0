import type { StageName } from '../../lib/jobs/pipeline';
import { audioTrackStage } from './audio-track';
import { facesStage } from './faces';
import { mergeStage } from './merge';
import { playbackStage } from './playback';
import { posterStage } from './poster';
import { probeStage } from './probe';
import type { Stage } from './stage';
import { voicesStage } from './voices';

export const STAGES: Record<StageName, Stage> = {
  probe: probeStage,
  poster: posterStage,
  audio: audioTrackStage,
  playback: playbackStage,
  faces: facesStage,
  voices: voicesStage,
  merge: mergeStage,
};
