import { sql } from 'drizzle-orm';
import type { Database } from '../db/client';
import { INDICATOR_SQL } from './indicators';

/**
 * A run's lesson-level figures in `lesson_summaries`: the per-second
 * indicators exactly as INDICATOR_SQL defines them, with the seconds each
 * rests on (so weeks can weigh lessons by them), the students found in the
 * video, and the talk figures of the run summary. Computed in the database,
 * in the transaction that stores the run's seconds (merge stage and
 * relabels); migration 0007 runs the same statement for runs that existed
 * before the table.
 */
const talk = (field: string, type: 'real' | 'integer') => `(r.summary #>> '{voices,talk,${field}}')::${type}`;

export function lessonSummaryUpsert(runCondition: string): string {
  return `insert into lesson_summaries (run_id, seconds, students_seen, attention_pct, posed_face_seconds, students_balance_pts, students_balance_seconds, teacher_balance_pts, teacher_balance_seconds, teacher_talk_pct, student_talk_pct, overlap_pct, silence_pct, student_turns, median_wait_s, answered_questions)
select r.id, s.seconds, (select count(*) from lesson_people p where p.run_id = r.id and p.role = 'student'),
  s.attention_pct, s.posed_face_seconds, s.students_balance_pts, s.students_balance_seconds, s.teacher_balance_pts, s.teacher_balance_seconds,
  ${talk('teacherTalkPct', 'real')}, ${talk('studentTalkPct', 'real')}, ${talk('overlapPct', 'real')}, ${talk('silencePct', 'real')},
  ${talk('studentTurns', 'integer')}, ${talk('medianWaitTimeS', 'real')}, ${talk('answeredQuestions', 'integer')}
from analysis_runs r
cross join lateral (
  select count(*) as seconds,
    ${INDICATOR_SQL.attentionPct} as attention_pct,
    coalesce(sum(student_faces_posed), 0) as posed_face_seconds,
    ${INDICATOR_SQL.studentsBalancePts} as students_balance_pts,
    count(*) filter (where students_combined is not null) as students_balance_seconds,
    ${INDICATOR_SQL.teacherBalancePts} as teacher_balance_pts,
    count(*) filter (where teacher_combined is not null) as teacher_balance_seconds
  from lesson_seconds where run_id = r.id
) s
where ${runCondition}
on conflict (run_id) do update set seconds = excluded.seconds, students_seen = excluded.students_seen, attention_pct = excluded.attention_pct,
  posed_face_seconds = excluded.posed_face_seconds, students_balance_pts = excluded.students_balance_pts, students_balance_seconds = excluded.students_balance_seconds,
  teacher_balance_pts = excluded.teacher_balance_pts, teacher_balance_seconds = excluded.teacher_balance_seconds, teacher_talk_pct = excluded.teacher_talk_pct,
  student_talk_pct = excluded.student_talk_pct, overlap_pct = excluded.overlap_pct, silence_pct = excluded.silence_pct, student_turns = excluded.student_turns,
  median_wait_s = excluded.median_wait_s, answered_questions = excluded.answered_questions`;
}

/** The statement migration 0007 holds, for every run that has results. */
export const BACKFILL_CONDITION = `exists (select 1 from lesson_seconds x where x.run_id = r.id)`;

export async function storeLessonSummary(tx: Database, runId: string): Promise<void> {
  if (!/^[0-9a-f-]{36}$/i.test(runId)) throw new Error(`not a run id: ${runId}`);
  await tx.execute(sql.raw(lessonSummaryUpsert(`r.id = '${runId}'`)));
}
