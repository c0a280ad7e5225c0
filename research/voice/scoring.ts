import { EMOTIONS, topEmotion, type Emotion } from '../../lib/analysis/emotions';
import type { ConstructedLesson } from './constructed-lesson';
import type { LessonVoices } from '../../lib/analysis/voice/types';

/**
 * Scores a voice analysis against a constructed lesson's ground truth on a
 * 10 ms grid. Diarization error rate follows the NIST definition without a
 * forgiveness collar and with overlapped speech scored:
 * DER = Σ_t (max(|ref_t|, |hyp_t|) − |correctly mapped_t|) / Σ_t |ref_t|,
 * with the one-to-one hypothesis→reference speaker mapping that maximises
 * matched time. Also reported: the same DER with the usual NIST forgiveness
 * collar (±0.25 s around every reference speech boundary is not scored), the
 * figure most published diarization results use.
 */

export const SCORING_STEP_S = 0.01;
export const DER_COLLAR_S = 0.25;

/** Active reference speakers per 10 ms step (speaker ids). */
export function referenceSpeakers(lesson: ConstructedLesson): string[][] {
  const steps = Math.ceil(lesson.durationS / SCORING_STEP_S);
  const active: string[][] = Array.from({ length: steps }, () => []);
  for (const u of lesson.utterances) {
    for (const s of u.speech) {
      for (let t = Math.floor(s.startS / SCORING_STEP_S); t < Math.min(steps, Math.ceil(s.endS / SCORING_STEP_S)); t++) {
        if (!active[t].includes(u.speaker)) active[t].push(u.speaker);
      }
    }
  }
  return active;
}

function hypothesisSpeakers(voices: LessonVoices, steps: number): number[][] {
  const active: number[][] = Array.from({ length: steps }, () => []);
  for (const piece of voices.pieces) {
    for (let t = Math.floor(piece.startS / SCORING_STEP_S); t < Math.min(steps, Math.ceil(piece.endS / SCORING_STEP_S)); t++) {
      if (!active[t].includes(piece.speaker)) active[t].push(piece.speaker);
    }
  }
  return active;
}

export interface VoiceScores {
  vadPrecision: number;
  vadRecall: number;
  diarizationErrorRate: number;
  /** DER with a ±0.25 s collar around reference boundaries. */
  diarizationErrorRateCollar: number;
  /** DER's parts, as shares of reference speech (no collar): missed speech, false alarm, speaker confusion. */
  missedSpeechRate: number;
  falseAlarmRate: number;
  speakerConfusionRate: number;
  /** Share of the teacher's reference speech time labelled as teacher. */
  teacherIdentification: number;
  referenceTeacherTalkPct: number;
  hypothesisTeacherTalkPct: number;
  teacherTalkErrorPts: number;
  studentTalkErrorPts: number;
  speakersFound: number;
  speakersTrue: number;
  /** Share of reference overlap (two or more voices) where two or more voices were found; null without reference overlap. */
  overlapRecall: number | null;
  /** Share of found overlap that is reference overlap; null when none was found. */
  overlapPrecision: number | null;
}

export function scoreVoices(lesson: ConstructedLesson, voices: LessonVoices): VoiceScores {
  const reference = referenceSpeakers(lesson);
  const steps = reference.length;
  const hypothesis = hypothesisSpeakers(voices, steps);
  const refIds = [...new Set(lesson.utterances.map((u) => u.speaker))];
  const hypIds = voices.speakers.map((s) => s.id);
  const overlap = hypIds.map(() => new Array<number>(refIds.length).fill(0));
  let tp = 0, fp = 0, fn = 0, refTotal = 0, errorTotal = 0;
  let teacherRef = 0, teacherHit = 0, refTeacherSteps = 0, hypTeacherSteps = 0, refStudentSteps = 0, hypStudentSteps = 0;
  let refOverlap = 0, hypOverlap = 0, bothOverlap = 0;
  const teacherId = voices.teacherSpeakerId;
  for (let t = 0; t < steps; t++) {
    const ref = reference[t];
    const hyp = hypothesis[t];
    if (ref.length > 1) refOverlap++;
    if (hyp.length > 1) hypOverlap++;
    if (ref.length > 1 && hyp.length > 1) bothOverlap++;
    if (ref.length > 0 && hyp.length > 0) tp++;
    else if (hyp.length > 0) fp++;
    else if (ref.length > 0) fn++;
    for (const h of hyp) for (const r of ref) overlap[hypIds.indexOf(h)][refIds.indexOf(r)]++;
    const hypTeacher = teacherId !== null && hyp.includes(teacherId);
    const hypStudent = hyp.some((h) => h !== teacherId);
    const refTeacher = ref.includes(lesson.teacher);
    if (refTeacher) {
      teacherRef++;
      if (hypTeacher) teacherHit++;
    }
    if (refTeacher) refTeacherSteps++;
    if (hypTeacher) hypTeacherSteps++;
    if (ref.some((r) => r !== lesson.teacher)) refStudentSteps++;
    if (hypStudent) hypStudentSteps++;
  }
  const mapping = bestMapping(overlap);
  const mapped = new Map<number, string>();
  mapping.forEach((r, h) => r >= 0 && mapped.set(hypIds[h], refIds[r]));
  const collar = new Uint8Array(steps);
  const collarSteps = Math.round(DER_COLLAR_S / SCORING_STEP_S);
  for (const u of lesson.utterances) {
    for (const s of u.speech) {
      for (const boundary of [s.startS, s.endS]) {
        const at = Math.round(boundary / SCORING_STEP_S);
        collar.fill(1, Math.max(0, at - collarSteps), Math.min(steps, at + collarSteps));
      }
    }
  }
  let refCollared = 0;
  let errorCollared = 0;
  let missed = 0;
  let falseAlarm = 0;
  for (let t = 0; t < steps; t++) {
    const ref = reference[t];
    const hyp = hypothesis[t];
    const correct = hyp.filter((h) => mapped.has(h) && ref.includes(mapped.get(h)!)).length;
    const error = Math.max(ref.length, hyp.length) - correct;
    missed += Math.max(0, ref.length - hyp.length);
    falseAlarm += Math.max(0, hyp.length - ref.length);
    refTotal += ref.length;
    errorTotal += error;
    if (!collar[t]) {
      refCollared += ref.length;
      errorCollared += error;
    }
  }
  const pct = (n: number) => (100 * n) / steps;
  return {
    vadPrecision: tp / Math.max(tp + fp, 1),
    vadRecall: tp / Math.max(tp + fn, 1),
    diarizationErrorRate: errorTotal / Math.max(refTotal, 1),
    diarizationErrorRateCollar: errorCollared / Math.max(refCollared, 1),
    missedSpeechRate: missed / Math.max(refTotal, 1),
    falseAlarmRate: falseAlarm / Math.max(refTotal, 1),
    speakerConfusionRate: (errorTotal - missed - falseAlarm) / Math.max(refTotal, 1),
    teacherIdentification: teacherHit / Math.max(teacherRef, 1),
    referenceTeacherTalkPct: pct(refTeacherSteps),
    hypothesisTeacherTalkPct: pct(hypTeacherSteps),
    teacherTalkErrorPts: Math.abs(pct(hypTeacherSteps) - pct(refTeacherSteps)),
    studentTalkErrorPts: Math.abs(pct(hypStudentSteps) - pct(refStudentSteps)),
    speakersFound: hypIds.length,
    speakersTrue: refIds.length,
    overlapRecall: refOverlap > 0 ? bothOverlap / refOverlap : null,
    overlapPrecision: hypOverlap > 0 ? bothOverlap / hypOverlap : null,
  };
}

/** One-to-one assignment maximising total overlap (exhaustive; speaker counts are small). */
function bestMapping(overlap: number[][]): number[] {
  const hyps = overlap.length;
  const refs = overlap[0]?.length ?? 0;
  let best = -1;
  let bestAssignment: number[] = new Array<number>(hyps).fill(-1);
  const assignment = new Array<number>(hyps).fill(-1);
  const used = new Array<boolean>(refs).fill(false);
  const order = Array.from(overlap.keys()).sort((a, b) => Math.max(...overlap[b]) - Math.max(...overlap[a]));
  const limit = Math.min(hyps, 9);
  const search = (k: number, total: number) => {
    if (k === limit) {
      if (total > best) {
        best = total;
        bestAssignment = [...assignment];
      }
      return;
    }
    const h = order[k];
    search(k + 1, total);
    for (let r = 0; r < refs; r++) {
      if (used[r] || overlap[h][r] === 0) continue;
      used[r] = true;
      assignment[h] = r;
      search(k + 1, total + overlap[h][r]);
      assignment[h] = -1;
      used[r] = false;
    }
  };
  search(0, 0);
  return bestAssignment;
}

/**
 * Per-utterance emotion: the duration-weighted mean of the estimates that
 * overlap the utterance's speech, against the clip's label. Returns pairs for
 * macro-F1; utterances without any estimate are counted as misses (predicted null).
 */
export function emotionPairs(lesson: ConstructedLesson, voices: LessonVoices): { truth: Emotion; predicted: Emotion | null }[] {
  const estimates = voices.pieces.flatMap((p) => p.emotions);
  return lesson.utterances.map((u) => {
    const sum = new Array<number>(EMOTIONS.length).fill(0);
    let weight = 0;
    for (const e of estimates) {
      let shared = 0;
      for (const s of u.speech) shared += Math.max(0, Math.min(s.endS, e.endS) - Math.max(s.startS, e.startS));
      if (shared <= 0) continue;
      weight += shared;
      e.probabilities.forEach((p, i) => (sum[i] += shared * p));
    }
    return { truth: u.emotion, predicted: weight > 0 ? topEmotion(sum).emotion : null };
  });
}

/** Macro-F1 over the emotions that occur in the truth. */
export function macroF1(pairs: { truth: Emotion; predicted: Emotion | null }[]): number {
  const classes = EMOTIONS.filter((e) => pairs.some((p) => p.truth === e));
  const f1s = classes.map((e) => {
    const tp = pairs.filter((p) => p.truth === e && p.predicted === e).length;
    const fp = pairs.filter((p) => p.truth !== e && p.predicted === e).length;
    const fn = pairs.filter((p) => p.truth === e && p.predicted !== e).length;
    return tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
  });
  return f1s.reduce((a, b) => a + b, 0) / Math.max(f1s.length, 1);
}
