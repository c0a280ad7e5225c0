import { EMOTIONS, type Emotion } from '../analysis/emotions';
import { FRONT_MAX_PITCH_DEG, FRONT_MAX_YAW_DEG } from '../analysis/face/timelines';
import type { TalkMetrics } from '../analysis/voice/talk-metrics';
import type { LessonSecond } from '../db/schema';
import { roundTo } from '../round';

/**
 * The lesson indicators: one definition each, used by the report page, the
 * PDF, the exports and (issue 15) department trends. Every per-second
 * indicator is an aggregate over `lesson_seconds` rows, and INDICATOR_SQL
 * gives the same aggregate in SQL (arrays are 1-based there: EMOTIONS[i] is
 * element i + 1), so trends can aggregate many lessons in the database and
 * get exactly the figure one report shows. test/results/indicators.test.ts
 * runs both on the same rows and requires equal results.
 */

export const POSITIVE: readonly Emotion[] = ['happy', 'surprised'];
export const NEGATIVE: readonly Emotion[] = ['sad', 'angry', 'fearful', 'disgusted'];
const positiveIndex = POSITIVE.map((e) => EMOTIONS.indexOf(e));
const negativeIndex = NEGATIVE.map((e) => EMOTIONS.indexOf(e));

export type IndicatorSecond = Pick<
  LessonSecond,
  'speech' | 'teacherCombined' | 'studentsCombined' | 'studentFacesVisible' | 'studentFacesReadable' | 'studentFacesPosed' | 'studentFacesFront'
>;

export interface Balance {
  /** Mean combined probability of the positive expressions, percent. */
  positivePct: number;
  negativePct: number;
  /** positive − negative, percentage points (−100 … +100). */
  balancePts: number;
  /** Seconds with a combined estimate (the mean is over these). */
  seconds: number;
}

export interface LessonIndicators {
  teacherBalance: Balance | null;
  studentsBalance: Balance | null;
  /** Share of the posed student faces that face the front, percent, over the lesson; null without any. */
  attentionPct: number | null;
  /** Student faces (per second) whose pose was read: the base of attentionPct. */
  posedFaceSeconds: number;
  talk: Pick<TalkMetrics, 'teacherTalkPct' | 'studentTalkPct' | 'overlapPct' | 'silencePct'> | null;
  waitTime: { medianS: number | null; questions: number; answered: number } | null;
  longestMonologueS: number | null;
  visibleStudents: { mean: number; max: number } | null;
}

/** Each indicator's definition, printed beside it on the page and in the PDF. */
export const INDICATOR_DEFINITIONS = {
  /** Called with the school's words for POSITIVE and NEGATIVE. */
  balance: (positive: string[], negative: string[]) =>
    `Mean over the seconds with a combined face-and-voice estimate of P(${positive.join(' + ')}) minus P(${negative.join(' + ')}), in percentage points from −100 to +100. Neutral counts for neither side.`,
  attention: `Share of the student faces whose head pose could be read that face the front: turned at most ${FRONT_MAX_YAW_DEG}° left or right and at most ${FRONT_MAX_PITCH_DEG}° up or down from the camera, which stands at the front. A proxy: facing the front is not the same as paying attention.`,
  talk: 'Share of the lesson in which the teacher, any student, both at once, or no one speaks (teacher + students − both + silence = 100 %).',
  waitTime: 'After a teacher turn ending in a rising pitch (question-like), the time until a student starts to speak, if one does within 10 s and before the teacher speaks again; the median over answered questions.',
  monologue: 'The longest stretch of teacher speech with no student speaking in between (pauses up to 3 s kept).',
  visibleStudents: 'Student faces visible per second (small or turned faces included), averaged over the seconds of video; the chart shows them over time.',
} as const;

export function balanceOf(vectors: Array<number[] | null>): Balance | null {
  let pos = 0;
  let neg = 0;
  let n = 0;
  for (const v of vectors) {
    if (!v) continue;
    pos += positiveIndex.reduce((s, i) => s + v[i], 0);
    neg += negativeIndex.reduce((s, i) => s + v[i], 0);
    n++;
  }
  if (n === 0) return null;
  return { positivePct: roundTo((100 * pos) / n, 1), negativePct: roundTo((100 * neg) / n, 1), balancePts: roundTo((100 * (pos - neg)) / n, 1), seconds: n };
}

export function lessonIndicators(seconds: IndicatorSecond[], talk: TalkMetrics | null, hasVideo: boolean): LessonIndicators {
  let posed = 0;
  let front = 0;
  let visible = 0;
  let maxVisible = 0;
  for (const s of seconds) {
    posed += s.studentFacesPosed;
    front += s.studentFacesFront;
    visible += s.studentFacesVisible;
    maxVisible = Math.max(maxVisible, s.studentFacesVisible);
  }
  return {
    teacherBalance: balanceOf(seconds.map((s) => s.teacherCombined)),
    studentsBalance: balanceOf(seconds.map((s) => s.studentsCombined)),
    attentionPct: posed > 0 ? roundTo((100 * front) / posed, 1) : null,
    posedFaceSeconds: posed,
    talk: talk && { teacherTalkPct: talk.teacherTalkPct, studentTalkPct: talk.studentTalkPct, overlapPct: talk.overlapPct, silencePct: talk.silencePct },
    waitTime: talk && { medianS: talk.medianWaitTimeS, questions: talk.questionLikeTeacherTurns, answered: talk.answeredQuestions },
    longestMonologueS: talk ? talk.longestTeacherMonologueS : null,
    visibleStudents: hasVideo && seconds.length > 0 ? { mean: roundTo(visible / seconds.length, 2), max: maxVisible } : null,
  };
}

const sqlSum = (column: string, indices: number[]) => indices.map((i) => `${column}[${i + 1}]`).join(' + ');
const sqlBalance = (column: string) =>
  `round((100 * avg((${sqlSum(column, positiveIndex)}) - (${sqlSum(column, negativeIndex)})) filter (where ${column} is not null))::numeric, 1)`;

/**
 * The per-second indicators as SQL aggregates over `lesson_seconds` of one
 * run (the talk figures, wait time and monologue come from the run summary's
 * talk metrics, computed from the voices, not from seconds).
 */
export const INDICATOR_SQL = {
  teacherBalancePts: sqlBalance('teacher_combined'),
  studentsBalancePts: sqlBalance('students_combined'),
  attentionPct: 'round((100 * sum(student_faces_front)::float8 / nullif(sum(student_faces_posed), 0))::numeric, 1)',
  visibleStudentsMean: 'round((sum(student_faces_visible)::float8 / count(*))::numeric, 2)',
} as const;
