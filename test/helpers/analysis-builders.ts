import type { FaceChunkResult, FaceTrack, RelativeBox } from '../../lib/analysis/face/types';
import { lessonTurns } from '../../lib/analysis/voice/merge';
import type { LessonPiece, LessonVoices } from '../../lib/analysis/voice/types';

/** Small hand-made analysis results (face chunks, voice pieces) for the pure tests of merging, timelines and derived rows. */

export const HAPPY = [0, 1, 0, 0, 0, 0, 0];
export const SAD = [0, 0, 1, 0, 0, 0, 0];

/** A descriptor pointing mostly along one axis: same axis = same person (distance ~0.1), other axis = ~1.4 apart. */
export function descriptor(axis: number, jitter = 0): number[] {
  return Array.from({ length: 128 }, (_, i) => (i === axis ? 1 : 0) + (i === 127 ? jitter : 0));
}

export function track(id: string, fromS: number, toS: number, box: RelativeBox, axis: number | null, expressions = HAPPY): FaceTrack {
  const observations = [];
  for (let t = fromS; t <= toS; t++) observations.push({ t, box, score: 0.9, sizePx: 100, quality: 0.8, expressions, pose: [0, 0, 0] as [number, number, number] });
  return { id, startS: fromS, endS: toS, observations, descriptor: axis === null ? null : descriptor(axis, 0.1), descriptorFrames: 3, best: { t: fromS, box, quality: 0.8 } };
}

export function chunk(startS: number, endS: number, tracks: FaceTrack[]): FaceChunkResult {
  return {
    version: 1, startS, endS, fps: 1, frameWidth: 960, frameHeight: 540, detector: 'ssd', backend: 'wasm', hasVideo: true,
    framesAnalysed: endS - startS, detectorFrames: endS - startS, facesSeen: 0, facesTooSmall: 0, tracks,
    timings: { decodeS: 0, detectS: 0, trackS: 0, readS: 0, describeS: 0, totalS: 0 },
  };
}

export const piece = (speaker: number, startS: number, endS: number, finalPitchSlope: number | null = null): LessonPiece => ({
  speaker, startS, endS, levelDb: -20, medianF0Hz: 120, finalPitchSlope,
  emotions: [{ startS, endS, probabilities: [1, 0, 0, 0, 0, 0, 0], confidence: 1 }],
});

export function voicesOf(pieces: LessonPiece[], durationS: number): LessonVoices {
  return {
    version: 4, speakerModel: 'test', durationS, pieces, turns: lessonTurns(pieces), teacherSpeakerId: 0, teacherEvidence: 'dominant-speaker', teacherConfirmed: false,
    teacherScores: [], speechLevelDbPerSecond: [],
    speakers: [{ id: 0, role: 'teacher', speechS: 0, embedding: [0], emotionNormalisation: null, sample: null }, { id: 1, role: 'student', speechS: 0, embedding: [0], emotionNormalisation: null, sample: null }],
    quality: { estimatedSnrDb: null, speechRatio: 0, clippingRatio: 0, levelDb: null, flags: [] },
  };
}
