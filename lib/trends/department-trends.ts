import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { getDb } from '../db/client';
import { POSITIVE, NEGATIVE, INDICATOR_DEFINITIONS } from '../results/indicators';
import type { Wording } from '../wording';

/**
 * Department trends: the lessons shared with a department (each lesson's
 * current run, through its `lesson_summaries` row), aggregated per class and
 * ISO week in one SQL statement. Figures about students are suppressed where
 * they rest on fewer than MIN_STUDENTS distinct students — the class roster
 * or the most students seen in one of the week's lessons, whichever is
 * smaller — and the reason travels with the cell to the page and the CSV.
 * No row is ever about one student.
 */

export const MIN_STUDENTS = 5;

export const TREND_INDICATORS = [
  'attentionPct',
  'studentsBalancePts',
  'teacherBalancePts',
  'teacherTalkPct',
  'studentTalkPct',
  'silencePct',
  'studentTurnsPer10Min',
  'waitTimeS',
] as const;
export type TrendIndicator = (typeof TREND_INDICATORS)[number];

export interface IndicatorInfo {
  label: string;
  unit: string;
  /** A figure about students: suppressed below the minimum group size. */
  aboutStudents: boolean;
  definition: string;
  /** The domain of the heat map's colour scale. */
  range: [number, number];
  diverging: boolean;
}

export function indicatorInfo(wording: Wording): Record<TrendIndicator, IndicatorInfo> {
  const balance = INDICATOR_DEFINITIONS.balance(POSITIVE.map(wording.label), NEGATIVE.map(wording.label));
  const talk = `${INDICATOR_DEFINITIONS.talk} A week's figure is the mean over its lessons, weighted by their length.`;
  return {
    attentionPct: { label: 'Students facing the front', unit: '%', aboutStudents: true, definition: INDICATOR_DEFINITIONS.attention, range: [0, 100], diverging: false },
    studentsBalancePts: { label: `Students’ ${wording.noun.toLowerCase()} balance`, unit: 'pts', aboutStudents: true, definition: balance, range: [-50, 50], diverging: true },
    teacherBalancePts: { label: `Teacher’s ${wording.noun.toLowerCase()} balance`, unit: 'pts', aboutStudents: false, definition: balance, range: [-50, 50], diverging: true },
    teacherTalkPct: { label: 'Teacher talk', unit: '%', aboutStudents: false, definition: talk, range: [0, 100], diverging: false },
    studentTalkPct: { label: 'Student talk', unit: '%', aboutStudents: true, definition: talk, range: [0, 100], diverging: false },
    silencePct: { label: 'Silence', unit: '%', aboutStudents: true, definition: talk, range: [0, 100], diverging: false },
    studentTurnsPer10Min: { label: 'Student turns per 10 min', unit: '', aboutStudents: true, definition: 'Student speaking turns (from the voices) per 10 minutes of lesson, over the week’s lessons.', range: [0, 30], diverging: false },
    waitTimeS: { label: 'Wait time after questions', unit: 's', aboutStudents: true, definition: `${INDICATOR_DEFINITIONS.waitTime} A week’s figure is the mean of its lessons’ medians, weighted by their answered questions.`, range: [0, 6], diverging: false },
  };
}

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
/** The dashboard's filters, from the URL (so a view can be bookmarked); anything malformed is dropped. */
export const trendFilters = z.object({
  classId: z.string().uuid().optional().catch(undefined),
  teacherId: z.string().uuid().optional().catch(undefined),
  subject: z.string().trim().min(1).max(200).optional().catch(undefined),
  from: date.optional().catch(undefined),
  to: date.optional().catch(undefined),
  indicator: z.enum(TREND_INDICATORS).catch('attentionPct').default('attentionPct'),
  /** Drill-down: the lessons of one class in one week (its Monday). */
  cellClass: z.string().uuid().optional().catch(undefined),
  cellWeek: date.optional().catch(undefined),
});
export type TrendFilters = z.infer<typeof trendFilters>;

export type TrendValues = Record<TrendIndicator, number | null>;

export interface TrendCell {
  classId: string;
  /** Monday of the ISO week, YYYY-MM-DD. */
  weekStart: string;
  /** ISO week, e.g. 2026-W47. */
  week: string;
  lessons: number;
  roster: number;
  studentsSeen: number;
  /** Why the students' figures are withheld, or null when they are shown. */
  suppressed: string | null;
  values: TrendValues;
}

export interface DepartmentTrends {
  classes: { id: string; name: string; subject: string; teacherId: string; teacherName: string }[];
  weeks: { weekStart: string; week: string }[];
  cells: TrendCell[];
  /** Per week: the department mean over its lessons, students' figures over the classes that are not suppressed. */
  mean: Map<string, TrendValues>;
  lessons: number;
}

export interface DepartmentScope {
  schoolId: string;
  departmentId: string;
}

function lessonConditions(scope: DepartmentScope, filters: TrendFilters): SQL {
  const parts: SQL[] = [sql`l.school_id = ${scope.schoolId}`, sql`c.department_id = ${scope.departmentId}`, sql`l.shared_with_department`];
  if (filters.classId) parts.push(sql`l.class_id = ${filters.classId}`);
  if (filters.teacherId) parts.push(sql`l.teacher_id = ${filters.teacherId}`);
  if (filters.subject) parts.push(sql`c.subject = ${filters.subject}`);
  if (filters.from) parts.push(sql`l.taught_on >= ${filters.from}`);
  if (filters.to) parts.push(sql`l.taught_on <= ${filters.to}`);
  return sql.join(parts, sql` and `);
}

/** Weighted means over the lessons of a group; students' figures only from lessons whose class-week is large enough. */
const AGGREGATES = sql.raw(`
  round((sum(attention_pct * posed_face_seconds) filter (where allowed) / nullif(sum(posed_face_seconds) filter (where allowed and attention_pct is not null), 0))::numeric, 1) as "attentionPct",
  round((sum(students_balance_pts * students_balance_seconds) filter (where allowed) / nullif(sum(students_balance_seconds) filter (where allowed and students_balance_pts is not null), 0))::numeric, 1) as "studentsBalancePts",
  round((sum(teacher_balance_pts * teacher_balance_seconds) / nullif(sum(teacher_balance_seconds) filter (where teacher_balance_pts is not null), 0))::numeric, 1) as "teacherBalancePts",
  round((sum(teacher_talk_pct * seconds) / nullif(sum(seconds) filter (where teacher_talk_pct is not null), 0))::numeric, 1) as "teacherTalkPct",
  round((sum(student_talk_pct * seconds) filter (where allowed) / nullif(sum(seconds) filter (where allowed and student_talk_pct is not null), 0))::numeric, 1) as "studentTalkPct",
  round((sum(silence_pct * seconds) filter (where allowed) / nullif(sum(seconds) filter (where allowed and silence_pct is not null), 0))::numeric, 1) as "silencePct",
  round((600.0 * sum(student_turns) filter (where allowed) / nullif(sum(seconds) filter (where allowed and student_turns is not null), 0))::numeric, 1) as "studentTurnsPer10Min",
  round((sum(median_wait_s * answered_questions) filter (where allowed) / nullif(sum(answered_questions) filter (where allowed and median_wait_s is not null), 0))::numeric, 1) as "waitTimeS"`);

type Row = { class_id: string | null; week_start: string; week: string; lessons: number; roster: number | null; seen: number | null } & Record<TrendIndicator, string | null>;

export function suppressionReason(roster: number, seen: number): string | null {
  if (roster < MIN_STUDENTS) return `Fewer than ${MIN_STUDENTS} students: ${roster} on the class roster`;
  if (seen < MIN_STUDENTS) return `Fewer than ${MIN_STUDENTS} students: at most ${seen} seen in a lesson`;
  return null;
}

export async function departmentTrends(scope: DepartmentScope, filters: TrendFilters): Promise<DepartmentTrends> {
  const db = getDb();
  const where = lessonConditions(scope, filters);
  const min = MIN_STUDENTS;
  const result = await db.execute(sql`
    with shared as (
      select l.class_id, date_trunc('week', l.taught_on)::date as week_start, s.*,
        (select count(*) from enrolments e where e.class_id = l.class_id)::int as roster
      from lessons l
      join classes c on c.id = l.class_id
      join lesson_summaries s on s.run_id = l.current_run_id
      where ${where}
    ), counted as (
      select *, max(students_seen) over (partition by class_id, week_start) as seen,
        least(roster, max(students_seen) over (partition by class_id, week_start)) >= ${min} as allowed
      from shared
    )
    select class_id, to_char(week_start, 'YYYY-MM-DD') as week_start, to_char(week_start, 'IYYY-"W"IW') as week, count(*)::int as lessons,
      min(roster)::int as roster, max(seen)::int as seen, ${AGGREGATES}
    from counted
    group by grouping sets ((class_id, week_start), (week_start))
    order by week_start, class_id nulls first`);
  const departmentClassList = await departmentClasses(scope);
  const valuesOf = (row: Row): TrendValues => Object.fromEntries(TREND_INDICATORS.map((k) => [k, row[k] === null ? null : Number(row[k])])) as TrendValues;
  const cells: TrendCell[] = [];
  const mean = new Map<string, TrendValues>();
  const weeks = new Map<string, string>();
  let lessons = 0;
  for (const row of result.rows as Row[]) {
    weeks.set(row.week_start, row.week);
    if (row.class_id === null) {
      mean.set(row.week_start, valuesOf(row));
      lessons += row.lessons;
      continue;
    }
    cells.push({
      classId: row.class_id,
      weekStart: row.week_start,
      week: row.week,
      lessons: row.lessons,
      roster: row.roster ?? 0,
      studentsSeen: row.seen ?? 0,
      suppressed: suppressionReason(row.roster ?? 0, row.seen ?? 0),
      values: valuesOf(row),
    });
  }
  const present = new Set(cells.map((c) => c.classId));
  return {
    classes: departmentClassList.filter((c) => present.has(c.id)),
    weeks: [...weeks].map(([weekStart, week]) => ({ weekStart, week })),
    cells,
    mean,
    lessons,
  };
}

async function departmentClasses(scope: DepartmentScope) {
  const result = await getDb().execute(sql`
    select c.id, c.name, c.subject, c.teacher_id, u.name as teacher_name from classes c join users u on u.id = c.teacher_id
    where c.school_id = ${scope.schoolId} and c.department_id = ${scope.departmentId} order by c.name`);
  return (result.rows as { id: string; name: string; subject: string; teacher_id: string; teacher_name: string }[]).map((r) => ({
    id: r.id,
    name: r.name,
    subject: r.subject,
    teacherId: r.teacher_id,
    teacherName: r.teacher_name,
  }));
}

/** What the filters offer: the department's classes, their teachers and subjects. */
export async function trendFilterOptions(scope: DepartmentScope) {
  const rows = await departmentClasses(scope);
  const teachers = new Map(rows.map((r) => [r.teacherId, r.teacherName]));
  return {
    classes: rows.map((r) => ({ id: r.id, name: r.name })),
    teachers: [...teachers].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name)),
    subjects: [...new Set(rows.map((r) => r.subject))].sort(),
  };
}

/** Drill-down: the shared lessons of one class in one week, each opening its report (never anything about a student). */
export async function lessonsOfCell(scope: DepartmentScope, classId: string, weekStart: string) {
  const result = await getDb().execute(sql`
    select l.id, l.title, to_char(l.taught_on, 'YYYY-MM-DD') as taught_on, u.name as teacher_name
    from lessons l join classes c on c.id = l.class_id join users u on u.id = l.teacher_id
    where ${lessonConditions(scope, { indicator: 'attentionPct' })} and l.current_run_id is not null and l.class_id = ${classId}
      and date_trunc('week', l.taught_on)::date = ${weekStart}::date
    order by l.taught_on, l.title`);
  return (result.rows as { id: string; title: string; taught_on: string; teacher_name: string }[]).map((r) => ({ id: r.id, title: r.title, taughtOn: r.taught_on, teacherName: r.teacher_name }));
}
