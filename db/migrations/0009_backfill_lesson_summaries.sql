-- Lesson summaries for runs stored before the table existed: the statement of lib/results/lesson-summary.ts (test/trends/department-trends.test.ts checks they are the same).
insert into lesson_summaries (run_id, seconds, students_seen, attention_pct, posed_face_seconds, students_balance_pts, students_balance_seconds, teacher_balance_pts, teacher_balance_seconds, teacher_talk_pct, student_talk_pct, overlap_pct, silence_pct, student_turns, median_wait_s, answered_questions)
select r.id, s.seconds, (select count(*) from lesson_people p where p.run_id = r.id and p.role = 'student'),
  s.attention_pct, s.posed_face_seconds, s.students_balance_pts, s.students_balance_seconds, s.teacher_balance_pts, s.teacher_balance_seconds,
  (r.summary #>> '{voices,talk,teacherTalkPct}')::real, (r.summary #>> '{voices,talk,studentTalkPct}')::real, (r.summary #>> '{voices,talk,overlapPct}')::real, (r.summary #>> '{voices,talk,silencePct}')::real,
  (r.summary #>> '{voices,talk,studentTurns}')::integer, (r.summary #>> '{voices,talk,medianWaitTimeS}')::real, (r.summary #>> '{voices,talk,answeredQuestions}')::integer
from analysis_runs r
cross join lateral (
  select count(*) as seconds,
    round((100 * sum(student_faces_front)::float8 / nullif(sum(student_faces_posed), 0))::numeric, 1) as attention_pct,
    coalesce(sum(student_faces_posed), 0) as posed_face_seconds,
    round((100 * avg((students_combined[2] + students_combined[7]) - (students_combined[3] + students_combined[4] + students_combined[5] + students_combined[6])) filter (where students_combined is not null))::numeric, 1) as students_balance_pts,
    count(*) filter (where students_combined is not null) as students_balance_seconds,
    round((100 * avg((teacher_combined[2] + teacher_combined[7]) - (teacher_combined[3] + teacher_combined[4] + teacher_combined[5] + teacher_combined[6])) filter (where teacher_combined is not null))::numeric, 1) as teacher_balance_pts,
    count(*) filter (where teacher_combined is not null) as teacher_balance_seconds
  from lesson_seconds where run_id = r.id
) s
where exists (select 1 from lesson_seconds x where x.run_id = r.id)
on conflict (run_id) do update set seconds = excluded.seconds, students_seen = excluded.students_seen, attention_pct = excluded.attention_pct,
  posed_face_seconds = excluded.posed_face_seconds, students_balance_pts = excluded.students_balance_pts, students_balance_seconds = excluded.students_balance_seconds,
  teacher_balance_pts = excluded.teacher_balance_pts, teacher_balance_seconds = excluded.teacher_balance_seconds, teacher_talk_pct = excluded.teacher_talk_pct,
  student_talk_pct = excluded.student_talk_pct, overlap_pct = excluded.overlap_pct, silence_pct = excluded.silence_pct, student_turns = excluded.student_turns,
  median_wait_s = excluded.median_wait_s, answered_questions = excluded.answered_questions;
