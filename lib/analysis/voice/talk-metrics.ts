import type { LessonVoices, TimeSpan } from './types';
import { roundTo } from '../../round';

/**
 * Talk metrics from the lesson's voices, for the whole lesson and per window.
 * - teacher / student talk %: share of the span in which the teacher / any
 *   student speaks (overlap counts for both); overlap %: both at once;
 *   silence %: no one. So teacher + student − overlap + silence = 100.
 * - student turns: turns of non-teacher speakers starting in the span, and
 *   their median length.
 * - wait time: after a teacher turn that is question-like (its last voiced
 *   0.8 s rises by ≥ 4 semitones/s, see merge.ts), the time from the end of
 *   that turn to the start of the next student turn, if a student speaks
 *   before the teacher does and within 10 s; a student who starts before the
 *   teacher finishes counts as 0 s. Questions with no such answer count as
 *   unanswered. Wait times belong to the window in which the question ends.
 * - longest teacher monologue: the longest teacher turn (pauses ≤ 3 s kept,
 *   no student in between), clipped to the span.
 */
export interface TalkMetrics extends TimeSpan {
  teacherTalkPct: number;
  studentTalkPct: number;
  overlapPct: number;
  silencePct: number;
  studentTurns: number;
  medianStudentTurnS: number | null;
  questionLikeTeacherTurns: number;
  answeredQuestions: number;
  medianWaitTimeS: number | null;
  meanWaitTimeS: number | null;
  longestTeacherMonologueS: number;
}

export interface LessonTalkMetrics {
  lesson: TalkMetrics;
  windows: TalkMetrics[];
}

export const MAX_WAIT_S = 10;
const STEP_S = 0.01;

export function talkMetrics(voices: LessonVoices, teacherSpeakerId: number | null = voices.teacherSpeakerId, windowS = 300): LessonTalkMetrics {
  const steps = Math.ceil(voices.durationS / STEP_S);
  const teacher = new Uint8Array(steps);
  const student = new Uint8Array(steps);
  for (const piece of voices.pieces) {
    const target = piece.speaker === teacherSpeakerId ? teacher : student;
    target.fill(1, Math.floor(piece.startS / STEP_S), Math.min(steps, Math.ceil(piece.endS / STEP_S)));
  }
  const waits: { atS: number; waitS: number | null }[] = [];
  voices.turns.forEach((turn, i) => {
    if (turn.speaker !== teacherSpeakerId || !turn.questionLike) return;
    const next = voices.turns.slice(i + 1).find((t) => t.endS > turn.endS || t.speaker !== teacherSpeakerId);
    const answered = next && next.speaker !== teacherSpeakerId && next.startS - turn.endS <= MAX_WAIT_S;
    waits.push({ atS: turn.endS, waitS: answered ? Math.max(0, next.startS - turn.endS) : null });
  });
  const forSpan = (span: TimeSpan): TalkMetrics => {
    const from = Math.floor(span.startS / STEP_S);
    const to = Math.min(steps, Math.ceil(span.endS / STEP_S));
    let t = 0, s = 0, both = 0, none = 0;
    for (let k = from; k < to; k++) {
      t += teacher[k];
      s += student[k];
      both += teacher[k] & student[k];
      none += teacher[k] | student[k] ? 0 : 1;
    }
    const total = Math.max(to - from, 1);
    const studentTurns = voices.turns.filter((turn) => turn.speaker !== teacherSpeakerId && turn.startS >= span.startS && turn.startS < span.endS);
    const spanWaits = waits.filter((w) => w.atS >= span.startS && w.atS < span.endS);
    const answered = spanWaits.flatMap((w) => (w.waitS === null ? [] : [w.waitS]));
    const monologues = voices.turns
      .filter((turn) => turn.speaker === teacherSpeakerId)
      .map((turn) => Math.max(0, Math.min(turn.endS, span.endS) - Math.max(turn.startS, span.startS)));
    return {
      startS: span.startS,
      endS: span.endS,
      teacherTalkPct: roundTo((100 * t) / total, 2),
      studentTalkPct: roundTo((100 * s) / total, 2),
      overlapPct: roundTo((100 * both) / total, 2),
      silencePct: roundTo((100 * none) / total, 2),
      studentTurns: studentTurns.length,
      medianStudentTurnS: median(studentTurns.map((turn) => turn.endS - turn.startS)),
      questionLikeTeacherTurns: spanWaits.length,
      answeredQuestions: answered.length,
      medianWaitTimeS: median(answered),
      meanWaitTimeS: answered.length > 0 ? roundTo(answered.reduce((a, b) => a + b, 0) / answered.length, 2) : null,
      longestTeacherMonologueS: roundTo(Math.max(0, ...monologues), 2),
    };
  };
  const windows: TalkMetrics[] = [];
  for (let start = 0; start < voices.durationS; start += windowS) windows.push(forSpan({ startS: start, endS: Math.min(voices.durationS, start + windowS) }));
  return { lesson: forSpan({ startS: 0, endS: voices.durationS }), windows };
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return roundTo(sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2, 2);
}
