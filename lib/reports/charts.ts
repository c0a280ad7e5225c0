import { EMOTIONS, type Emotion } from '../analysis/emotions';
import { smoothedSamples, type SmoothingWindow } from './smoothing';
import { wordingFor } from '../wording';
import type { Group, ReportData, TalkCode } from './report-data';

/**
 * What the report's charts draw, shared by the interactive page (nivo, in the
 * browser) and the print view (nivo rendered to static SVG for the PDF), so
 * both show the same curves in the same colours.
 */

/** Okabe–Ito colours: told apart with every common colour-vision deficiency; yellow left out (too pale on white). */
export const EXPRESSION_COLOURS: Record<Emotion, string> = {
  neutral: '#8c8c8c',
  happy: '#E69F00',
  sad: '#0072B2',
  angry: '#D55E00',
  fearful: '#CC79A7',
  disgusted: '#009E73',
  surprised: '#56B4E9',
};
export const GROUP_COLOURS: Record<Group, string> = { teacher: '#0072B2', students: '#E69F00' };
export const TALK_COLOURS: Record<Exclude<TalkCode, ' '>, string> = { t: '#0072B2', s: '#E69F00', b: '#CC79A7', '-': '#d9dde3' };
export const TALK_LABELS: Record<Exclude<TalkCode, ' '>, string> = { t: 'teacher', s: 'students', b: 'both at once', '-': 'silence' };
export const GROUP_LABELS: Record<Group, string> = { teacher: 'Teacher', students: 'Students' };
export const GROUP_POSSESSIVES: Record<Group, string> = { teacher: 'Teacher’s', students: 'Students’' };

/** The chart opens on the two expressions most often the strongest in this lesson (teacher and students together). */
export function defaultExpressions(data: ReportData): Emotion[] {
  const score = EMOTIONS.map((_, i) => (data.distribution.teacher?.[i] ?? 0) + (data.distribution.students?.[i] ?? 0));
  const ranked = EMOTIONS.map((e, i) => ({ e, s: score[i] })).filter((x) => x.s > 0).sort((a, b) => b.s - a.s);
  return ranked.length ? ranked.slice(0, 2).map((x) => x.e) : ['neutral', 'happy'];
}

/** Chart margins shared by the time charts and the bands under them, so that their time axes line up. */
export const TIME_MARGIN = { left: 56, right: 16 } as const;

export interface LinePoint {
  x: number;
  y: number | null;
}
export interface LineSeries {
  id: string;
  group: Group;
  emotion: Emotion;
  color: string;
  dashed: boolean;
  data: LinePoint[];
}

/** Teacher (solid) and students (dashed) per chosen expression: the combined estimate in percent, smoothed over `windowS` (one of SMOOTHING_WINDOWS_S). */
export function expressionLines(data: ReportData, expressions: readonly Emotion[], windowS: SmoothingWindow): LineSeries[] {
  const wording = wordingFor(data.wording);
  return (['teacher', 'students'] as const).flatMap((group) =>
    expressions.map((emotion) => {
      const values = data.timeline.smoothed[String(windowS)][group][EMOTIONS.indexOf(emotion)];
      return {
        id: `${GROUP_LABELS[group]} · ${wording.label(emotion)}`,
        group,
        emotion,
        color: EXPRESSION_COLOURS[emotion],
        dashed: group === 'students',
        data: data.timeline.sampleS.map((x, k) => ({ x, y: values[k] })),
      };
    }),
  );
}

export function visibleStudentsLine(data: ReportData, windowS: number): LinePoint[] {
  const values = smoothedSamples(data.timeline.visibleStudents, windowS, data.timeline.sampleS);
  return data.timeline.sampleS.map((x, k) => ({ x, y: values[k] }));
}

/** Consecutive seconds with the same talk state, as [startS, endS, code]. */
export function talkSegments(talk: string): Array<[number, number, TalkCode]> {
  const out: Array<[number, number, TalkCode]> = [];
  for (let t = 0; t < talk.length; t++) {
    const code = talk[t] as TalkCode;
    const last = out[out.length - 1];
    if (last && last[2] === code && last[1] === t) last[1] = t + 1;
    else out.push([t, t + 1, code]);
  }
  return out;
}

/** m:ss, or h:mm:ss past an hour: the time axis and the key moments. */
export function clock(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}

/** About six round tick times (whole minutes past two minutes) for an axis of `durationS`. */
export function timeTicks(durationS: number, count = 6): number[] {
  const steps = [5, 10, 15, 30, 60, 120, 300, 600, 900, 1200, 1800, 3600];
  const step = steps.find((s) => durationS / s <= count) ?? 3600;
  const out: number[] = [];
  for (let t = 0; t <= durationS; t += step) out.push(t);
  return out;
}

/** One row per expression for the grouped distribution bars: % of seconds it was the strongest, teacher and students. */
export function distributionRows(data: ReportData): Array<{ expression: string; Teacher: number; Students: number }> {
  const wording = wordingFor(data.wording);
  return EMOTIONS.map((emotion, i) => ({
    expression: wording.label(emotion),
    Teacher: data.distribution.teacher?.[i] ?? 0,
    Students: data.distribution.students?.[i] ?? 0,
  }));
}

/** The talk-split donut's slices (percent of the lesson), or null without a sound track. */
export function talkSlices(data: ReportData): Array<{ id: string; value: number; color: string }> | null {
  const talk = data.indicators.talk;
  if (!talk) return null;
  return [
    { id: 'teacher only', value: Math.max(0, talk.teacherTalkPct - talk.overlapPct), color: TALK_COLOURS.t },
    { id: 'students only', value: Math.max(0, talk.studentTalkPct - talk.overlapPct), color: TALK_COLOURS.s },
    { id: 'both at once', value: talk.overlapPct, color: TALK_COLOURS.b },
    { id: 'silence', value: talk.silencePct, color: TALK_COLOURS['-'] },
  ];
}
