import { EMOTIONS } from '../analysis/emotions';
import { getRun, isUuid, type LessonSummary } from '../db/queries';
import { currentRunOf } from '../lessons/current-run';
import type { AnalysisRun, LessonSecond } from '../db/schema';
import { INDICATOR_DEFINITIONS } from '../results/indicators';
import { wordingFor, type Wording } from '../wording';
import { GROUPS, type ReportData } from './report-data';
import { indicatorCards } from './wording';

/**
 * A run's per-second timeline as CSV and JSON, and the summary indicators as
 * JSON, with column names in the school's wording. The columns are listed
 * (name, unit, meaning) in the JSON export itself and in lib/reports/README.md.
 */

export interface ExportColumn {
  name: string;
  unit: string;
  description: string;
  value(row: LessonSecond): number | string | null;
}

const TALK_WORDS = { teacher: 'teacher', student: 'students', overlap: 'both', none: 'silence' } as const;

function probabilityColumns(wording: Wording, prefix: string, side: string, read: (row: LessonSecond) => number[] | null): ExportColumn[] {
  return EMOTIONS.map((emotion, i) => ({
    name: `${prefix}_${wording.label(emotion).replace(/[^a-z]+/g, '_')}`,
    unit: 'probability 0–1',
    description: `${side}: estimated probability of ${wording.label(emotion)}`,
    value: (row) => read(row)?.[i] ?? null,
  }));
}

export function timelineColumns(wording: Wording): ExportColumn[] {
  const group = (g: 'teacher' | 'students'): ExportColumn[] => {
    const t = g === 'teacher';
    const who = t ? 'Teacher' : 'Students (as a group)';
    return [
      ...probabilityColumns(wording, `${g}_face`, `${who}, face`, (r) => (t ? r.teacherFace : r.studentsFace)),
      { name: `${g}_face_weight`, unit: '0–1', description: `${who}: weight of the face side in the combined estimate (quality × readable share); empty when no face was visible`, value: (r) => (t ? r.teacherFaceWeight : r.studentsFaceWeight) },
      ...probabilityColumns(wording, `${g}_voice`, `${who}, voice`, (r) => (t ? r.teacherVoice : r.studentsVoice)),
      { name: `${g}_voice_confidence`, unit: '0–1', description: `${who}: the voice model's confidence (its largest probability)`, value: (r) => (t ? r.teacherVoiceConfidence : r.studentsVoiceConfidence) },
      { name: `${g}_voice_weight`, unit: '0–1', description: `${who}: weight of the voice side (confidence × speech share × sound factor); empty when the group did not speak`, value: (r) => (t ? r.teacherVoiceWeight : r.studentsVoiceWeight) },
      ...probabilityColumns(wording, `${g}_combined`, `${who}, face and voice combined`, (r) => (t ? r.teacherCombined : r.studentsCombined)),
    ];
  };
  return [
    { name: 'second', unit: 's', description: 'Start of the second, from the beginning of the recording', value: (r) => r.t },
    { name: 'talk', unit: 'category', description: 'Who speaks: teacher, students, both or silence; empty without a sound track', value: (r) => (r.speech ? TALK_WORDS[r.speech] : null) },
    ...group('teacher'),
    ...group('students'),
    { name: 'students_visible', unit: 'faces', description: 'Student faces visible (small and turned faces included)', value: (r) => r.studentFacesVisible },
    { name: 'students_readable', unit: 'faces', description: 'Student faces big and clear enough to read', value: (r) => r.studentFacesReadable },
    { name: 'students_posed', unit: 'faces', description: 'Student faces whose head pose was read', value: (r) => r.studentFacesPosed },
    { name: 'students_facing_front', unit: 'faces', description: 'Of those, faces facing the front (see the attention indicator)', value: (r) => r.studentFacesFront },
    { name: 'level_dbfs', unit: 'dBFS', description: 'Speech level in that second (0 = full scale); empty without speech', value: (r) => r.levelDb },
  ];
}

export function csvCell(value: number | string | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function timelineCsv(rows: LessonSecond[], wording: Wording): string {
  const columns = timelineColumns(wording);
  const lines = [columns.map((c) => c.name).join(',')];
  for (const row of rows) lines.push(columns.map((c) => csvCell(c.value(row))).join(','));
  return `${lines.join('\n')}\n`;
}

export function timelineJson(rows: LessonSecond[], wording: Wording, about: { lessonId: string; runId: string }) {
  const columns = timelineColumns(wording);
  return {
    lessonId: about.lessonId,
    runId: about.runId,
    wording: wording.mode,
    columns: columns.map(({ name, unit, description }) => ({ name, unit, description })),
    seconds: rows.map((row) => Object.fromEntries(columns.map((c) => [c.name, c.value(row)]))),
  };
}

/** The indicators, key moments and the figures behind the charts' summaries, as the report shows them. */
export function summaryJson(data: ReportData) {
  const wording = wordingFor(data.wording);
  const byLabel = (values: number[] | null) => values && Object.fromEntries(EMOTIONS.map((e, i) => [wording.label(e), values[i]]));
  return {
    lesson: data.lesson,
    runId: data.run.id,
    wording: data.wording,
    durationS: data.durationS,
    indicators: data.indicators,
    definitions: Object.fromEntries(indicatorCards(data).map((c) => [c.key, { label: c.label, value: c.value, definition: c.definition }])),
    keyMoments: data.keyMoments,
    strongestShareOfSeconds: Object.fromEntries(GROUPS.map((g) => [g, byLabel(data.distribution[g])])),
    sources: data.sources,
    units: { balancePts: 'percentage points', positivePct: '%', negativePct: '%', attentionPct: '%', talkPct: '%', waitTime: 's', longestMonologueS: 's', durationS: 's', keyMoments: 's from the start' },
    notes: { attention: INDICATOR_DEFINITIONS.attention },
  };
}

/** The run an export asks for: `runId` when it is a finished run of this lesson, else the lesson's current run. */
export async function exportRun(lesson: LessonSummary, runId: string | null): Promise<AnalysisRun | null> {
  if (runId) {
    const run = isUuid(runId) ? await getRun(runId) : null;
    return run && run.lessonId === lesson.id && run.status === 'succeeded' ? run : null;
  }
  return currentRunOf(lesson);
}
