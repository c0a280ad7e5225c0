import { EMOTIONS, type Emotion } from '../analysis/emotions';
import type { Wording } from '../wording';
import type { IndicatorSecond } from './indicators';
import { movingMean } from './moving-mean';

export type KeyMomentKind = 'students-expression' | 'attention-drop' | 'monologue' | 'silence';

export interface KeyMoment {
  kind: KeyMomentKind;
  startS: number;
  endS: number;
  /** One line for the teacher, in the school's wording. */
  reason: string;
}

/** The rules, printed under the list on the page and in the PDF. */
export const KEY_MOMENT_RULES = (wording: Wording) => [
  `Students ${wording.label('happy')} or ${wording.label('surprised')}: the students’ combined estimate, averaged over 5 s, stays at ${pct(PEAK_MIN)} or more for at least ${PEAK_MIN_S} s.`,
  `Fewer students facing the front: a ${ATTENTION_WINDOW_S} s stretch in which the share facing the front is at least ${ATTENTION_DROP_PTS} points below the lesson’s median.`,
  `Long teacher monologue: the teacher speaks for ${Math.round(MONOLOGUE_MIN_S / 60)} min or more with no student in between.`,
  `Long silence: no one speaks for ${SILENCE_MIN_S} s or more.`,
];

const PEAK_EXPRESSIONS: Emotion[] = ['happy', 'surprised'];
const PEAK_SMOOTH_S = 5;
const PEAK_MIN = 0.5;
const PEAK_MIN_S = 5;
const ATTENTION_WINDOW_S = 30;
/** A window needs this many posed face-seconds (about one face all the time) to say anything. */
const ATTENTION_MIN_POSED = 30;
const ATTENTION_DROP_PTS = 25;
const MONOLOGUE_MIN_S = 120;
const SILENCE_MIN_S = 15;
const PER_KIND = 3;
const MAX_MOMENTS = 10;

function pct(share: number): string {
  return `${Math.round(share * 100)} %`;
}

export function formatSpan(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  return s % 60 ? `${m} min ${s % 60} s` : `${m} min`;
}

/** Maximal runs of seconds where `inside` holds, gaps of at most `bridgeS` seconds bridged. */
function runs(length: number, inside: (t: number) => boolean, bridgeS = 0): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let start = -1;
  let lastIn = -Infinity;
  for (let t = 0; t < length; t++) {
    if (!inside(t)) continue;
    if (start >= 0 && t - lastIn - 1 <= bridgeS) {
      lastIn = t;
      continue;
    }
    if (start >= 0) out.push([start, lastIn + 1]);
    start = t;
    lastIn = t;
  }
  if (start >= 0) out.push([start, lastIn + 1]);
  return out;
}

function studentPeaks(seconds: IndicatorSecond[], wording: Wording): Array<KeyMoment & { score: number }> {
  const vectors = seconds.map((s) => s.studentsCombined);
  return PEAK_EXPRESSIONS.flatMap((emotion) => {
    const index = EMOTIONS.indexOf(emotion);
    const curve = movingMean(vectors.map((v) => (v ? v[index] : null)), PEAK_SMOOTH_S);
    return runs(curve.length, (t) => (curve[t] ?? 0) >= PEAK_MIN, 1)
      .filter(([a, b]) => b - a >= PEAK_MIN_S)
      .map(([a, b]) => {
        const peak = Math.max(...curve.slice(a, b).map((v) => v ?? 0));
        return { kind: 'students-expression' as const, startS: a, endS: b, score: peak * (b - a), reason: `Students ${wording.label(emotion)} for ${formatSpan(b - a)} (peak ${pct(peak)})` };
      });
  });
}

function attentionDrops(seconds: IndicatorSecond[]): Array<KeyMoment & { score: number }> {
  const windows: { start: number; share: number }[] = [];
  for (let start = 0; start + ATTENTION_WINDOW_S <= seconds.length; start += ATTENTION_WINDOW_S) {
    const slice = seconds.slice(start, start + ATTENTION_WINDOW_S);
    const posed = slice.reduce((s, r) => s + r.studentFacesPosed, 0);
    if (posed >= ATTENTION_MIN_POSED) windows.push({ start, share: slice.reduce((s, r) => s + r.studentFacesFront, 0) / posed });
  }
  if (windows.length < 3) return [];
  const sorted = windows.map((w) => w.share).sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  const low = new Set(windows.filter((w) => (median - w.share) * 100 >= ATTENTION_DROP_PTS).map((w) => w.start));
  return runs(seconds.length, (t) => low.has(t - (t % ATTENTION_WINDOW_S))).map(([a, b]) => {
    const inside = windows.filter((w) => w.start >= a && w.start < b);
    const share = inside.reduce((s, w) => s + w.share, 0) / inside.length;
    return {
      kind: 'attention-drop' as const,
      startS: a,
      endS: b,
      score: (median - share) * (b - a),
      reason: `Fewer students facing the front: ${pct(share)} for ${formatSpan(b - a)} (lesson median ${pct(median)})`,
    };
  });
}

/**
 * The few moments worth jumping to, at most three of each kind (the
 * strongest), in lesson order. `monologues` are the teacher's long turns from
 * the run summary (the same turns as the talk metrics' longest monologue).
 */
export function keyMoments(seconds: IndicatorSecond[], monologues: { startS: number; endS: number }[], wording: Wording): KeyMoment[] {
  const strongest = <T extends { score: number }>(list: T[]) => list.sort((a, b) => b.score - a.score).slice(0, PER_KIND);
  const silences = runs(seconds.length, (t) => seconds[t].speech === 'none')
    .filter(([a, b]) => b - a >= SILENCE_MIN_S)
    .map(([a, b]) => ({ kind: 'silence' as const, startS: a, endS: b, score: b - a, reason: `No one speaks for ${formatSpan(b - a)}` }));
  const talks = monologues
    .filter((m) => m.endS - m.startS >= MONOLOGUE_MIN_S)
    .map((m) => ({ kind: 'monologue' as const, startS: Math.floor(m.startS), endS: Math.ceil(m.endS), score: m.endS - m.startS, reason: `The teacher speaks for ${formatSpan(m.endS - m.startS)} without a student in between` }));
  return [...strongest(studentPeaks(seconds, wording)), ...strongest(attentionDrops(seconds)), ...strongest(talks), ...strongest(silences)]
    .sort((a, b) => b.score - a.score)
    .slice(0, MAX_MOMENTS)
    .sort((a, b) => a.startS - b.startS)
    .map(({ kind, startS, endS, reason }) => ({ kind, startS, endS, reason }));
}
