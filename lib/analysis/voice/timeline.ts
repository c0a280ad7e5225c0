import { EMOTIONS, type EmotionProbabilities } from '../emotions';
import type { LessonVoices } from './types';
import { roundTo } from '../../round';

/** How one group (the teacher, or the students together) sounded in one second. */
export interface VoiceGroupSecond {
  /** Seconds of this second in which the group speaks, 0..1. */
  speechS: number;
  /** Duration-weighted emotion of the group's estimates in this second; null without any. */
  probabilities: EmotionProbabilities | null;
  confidence: number | null;
  /** Duration-weighted speech level of the group's pieces, dBFS. */
  levelDb: number | null;
}

export type VoiceRole = 'teacher' | 'student' | 'overlap' | 'none';

export interface VoiceSecond {
  t: number;
  speech: boolean;
  /** Who holds the floor: the group speaking ≥ 0.25 s of the second; overlap when both do so at the same time. */
  role: VoiceRole;
  teacher: VoiceGroupSecond;
  students: VoiceGroupSecond;
}

const MIN_ROLE_S = 0.25;
const STEP_S = 0.01;

export function voiceTimelines(voices: LessonVoices, teacherSpeakerId: number | null = voices.teacherSpeakerId): VoiceSecond[] {
  const seconds = Math.ceil(voices.durationS - 1e-6);
  const stepsPerSecond = Math.round(1 / STEP_S);
  const teacherSteps = new Uint8Array(seconds * stepsPerSecond);
  const studentSteps = new Uint8Array(seconds * stepsPerSecond);
  const groups = { teacher: emptyAccumulators(seconds), students: emptyAccumulators(seconds) };
  for (const piece of voices.pieces) {
    const isTeacher = piece.speaker === teacherSpeakerId;
    (isTeacher ? teacherSteps : studentSteps).fill(1, Math.floor(piece.startS / STEP_S), Math.min(teacherSteps.length, Math.ceil(piece.endS / STEP_S)));
    const group = isTeacher ? groups.teacher : groups.students;
    forEachSecond(piece.startS, piece.endS, seconds, (s, share) => {
      group.level[s] += share * piece.levelDb;
      group.levelWeight[s] += share;
    });
    for (const estimate of piece.emotions) {
      forEachSecond(estimate.startS, estimate.endS, seconds, (s, share) => {
        estimate.probabilities.forEach((p, i) => (group.probabilities[s][i] += share * p));
        group.confidence[s] += share * estimate.confidence;
        group.emotionWeight[s] += share;
      });
    }
  }
  return Array.from({ length: seconds }, (_, s) => {
    let teacherS = 0, studentS = 0, bothS = 0;
    for (let k = s * stepsPerSecond; k < (s + 1) * stepsPerSecond; k++) {
      teacherS += teacherSteps[k] * STEP_S;
      studentS += studentSteps[k] * STEP_S;
      bothS += teacherSteps[k] & studentSteps[k] ? STEP_S : 0;
    }
    const role: VoiceRole = bothS >= MIN_ROLE_S ? 'overlap' : teacherS >= MIN_ROLE_S && teacherS >= studentS ? 'teacher' : studentS >= MIN_ROLE_S ? 'student' : 'none';
    return {
      t: s,
      speech: teacherS + studentS > 0,
      role,
      teacher: groupSecond(groups.teacher, s, teacherS),
      students: groupSecond(groups.students, s, studentS),
    };
  });
}

interface Accumulators {
  probabilities: number[][];
  confidence: number[];
  emotionWeight: number[];
  level: number[];
  levelWeight: number[];
}

function emptyAccumulators(seconds: number): Accumulators {
  return {
    probabilities: Array.from({ length: seconds }, () => new Array<number>(EMOTIONS.length).fill(0)),
    confidence: new Array<number>(seconds).fill(0),
    emotionWeight: new Array<number>(seconds).fill(0),
    level: new Array<number>(seconds).fill(0),
    levelWeight: new Array<number>(seconds).fill(0),
  };
}

function forEachSecond(startS: number, endS: number, seconds: number, visit: (second: number, share: number) => void): void {
  for (let s = Math.max(0, Math.floor(startS)); s < Math.min(seconds, Math.ceil(endS)); s++) {
    const share = Math.min(endS, s + 1) - Math.max(startS, s);
    if (share > 0) visit(s, share);
  }
}

function groupSecond(group: Accumulators, s: number, speechS: number): VoiceGroupSecond {
  const w = group.emotionWeight[s];
  return {
    speechS: roundTo(speechS, 2),
    probabilities: w > 0 ? group.probabilities[s].map((p) => roundTo(p / w, 4)) : null,
    confidence: w > 0 ? roundTo(group.confidence[s] / w, 2) : null,
    levelDb: group.levelWeight[s] > 0 ? roundTo(group.level[s] / group.levelWeight[s], 2) : null,
  };
}
