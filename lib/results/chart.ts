import { EMOTIONS } from '../analysis/emotions';
import type { LessonSecond } from '../db/schema';

export const SERIES = [
  { key: 'teacherFace', label: 'Teacher · face' },
  { key: 'studentsFace', label: 'Students · faces' },
  { key: 'teacherVoice', label: 'Teacher · voice' },
  { key: 'studentsVoice', label: 'Students · voices' },
] as const;
export type SeriesKey = (typeof SERIES)[number]['key'];

/** One bin of the lesson: start second, per series the mean probabilities (EMOTIONS order) or null, and who spoke most. */
export type ChartBin = { t: number; values: Record<SeriesKey, number[] | null>; speech: 'teacher' | 'student' | 'overlap' | 'none' | null };

/** Averages the per-second rows into at most `maxBins` bins, for charts that stay readable for a 4-hour lesson. */
export function binSeconds(rows: LessonSecond[], maxBins = 240): { binSeconds: number; bins: ChartBin[] } {
  const size = Math.max(1, Math.ceil(rows.length / maxBins));
  const bins: ChartBin[] = [];
  for (let start = 0; start < rows.length; start += size) {
    const slice = rows.slice(start, start + size);
    const values = {} as ChartBin['values'];
    for (const { key } of SERIES) {
      const present = slice.map((r) => r[key]).filter((v): v is number[] => Array.isArray(v));
      values[key] = present.length ? EMOTIONS.map((_, i) => present.reduce((s, v) => s + v[i], 0) / present.length) : null;
    }
    const counts = new Map<string, number>();
    for (const r of slice) if (r.speech) counts.set(r.speech, (counts.get(r.speech) ?? 0) + 1);
    const speech = ([...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null) as ChartBin['speech'];
    bins.push({ t: slice[0].t, values, speech });
  }
  return { binSeconds: size, bins };
}
