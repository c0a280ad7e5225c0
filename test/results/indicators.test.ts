import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'drizzle-orm';
import { EMOTIONS } from '../../lib/analysis/emotions';
import { getDb } from '../../lib/db/client';
import { listLessonSeconds } from '../../lib/db/queries';
import { INDICATOR_SQL, lessonIndicators, type IndicatorSecond } from '../../lib/results/indicators';
import { keyMoments } from '../../lib/results/key-moments';
import { wordingFor } from '../../lib/wording';
import { seedAnalysedLesson } from '../../research/reports/seed-lesson';
import { demoSchool } from '../helpers/fixtures';
import { useTestDatabase } from '../helpers/database';

useTestDatabase();

test('each per-second indicator in SQL gives the figure the report computes (one definition, two places)', async () => {
  const { owner, physics } = await demoSchool();
  const { runId } = await seedAnalysedLesson({ schoolId: owner.schoolId, classId: physics.id, teacherId: owner.id, title: 'Mirror', taughtOn: '2026-11-20', durationS: 900 });
  const rows = await listLessonSeconds(runId);
  const ts = lessonIndicators(rows, null, true);
  const columns = Object.entries(INDICATOR_SQL).map(([name, expression]) => sql`${sql.raw(expression)} as ${sql.identifier(name)}`);
  const result = await getDb().execute(sql`select ${sql.join(columns, sql`, `)} from lesson_seconds where run_id = ${runId}`);
  const fromSql = result.rows[0] as Record<keyof typeof INDICATOR_SQL, string>;
  const close = (a: number, b: number, what: string) => assert.ok(Math.abs(a - b) <= 0.1 + 1e-9, `${what}: SQL ${a}, TypeScript ${b}`);
  close(Number(fromSql.teacherBalancePts), ts.teacherBalance!.balancePts, 'teacher balance');
  close(Number(fromSql.studentsBalancePts), ts.studentsBalance!.balancePts, 'students balance');
  close(Number(fromSql.attentionPct), ts.attentionPct!, 'attention');
  close(Number(fromSql.visibleStudentsMean), ts.visibleStudents!.mean, 'visible students');
  assert.ok(ts.attentionPct! > 50 && ts.attentionPct! < 95, `a plausible attention figure: ${ts.attentionPct}`);
});

function second(t: number, overrides: Partial<IndicatorSecond> = {}): IndicatorSecond {
  return { speech: 'teacher', teacherCombined: null, studentsCombined: null, studentFacesVisible: 4, studentFacesReadable: 4, studentFacesPosed: 4, studentFacesFront: 3, ...overrides };
}
const vector = (emotion: (typeof EMOTIONS)[number], p: number) => EMOTIONS.map((e) => (e === emotion ? p : (1 - p) / 6));

test('balance, attention and visible students follow their definitions', () => {
  const rows = [
    second(0, { teacherCombined: vector('happy', 0.7), studentsCombined: vector('sad', 0.7) }),
    second(1, { teacherCombined: vector('neutral', 1), studentFacesFront: 1 }),
    second(2, { studentFacesVisible: 0, studentFacesReadable: 0, studentFacesPosed: 0, studentFacesFront: 0 }),
  ];
  const result = lessonIndicators(rows, null, true);
  // Teacher: second 0 happy 0.7 + surprised 0.05 − 4 × 0.05; second 1 neutral only → mean over the two seconds.
  assert.equal(result.teacherBalance!.seconds, 2);
  assert.equal(result.teacherBalance!.balancePts, 27.5);
  assert.equal(result.studentsBalance!.balancePts, -75, "sad 0.7 + three others 0.05, against happy and surprised 0.05 each");
  assert.equal(result.attentionPct, 50, '4 front of 8 posed faces');
  assert.deepEqual(result.visibleStudents, { mean: 2.67, max: 4 });
  assert.equal(lessonIndicators(rows, null, false).visibleStudents, null, 'no video, no count');
});

test('key moments: a sustained student peak, a silence, a monologue, an attention drop — with times and reasons in the school’s words', () => {
  const rows: IndicatorSecond[] = [];
  for (let t = 0; t < 600; t++) {
    const cheerful = t >= 100 && t < 112;
    const silent = t >= 200 && t < 220;
    const distracted = t >= 300 && t < 360;
    rows.push(second(t, { speech: silent ? 'none' : 'teacher', studentsCombined: vector(cheerful ? 'happy' : 'neutral', 0.9), studentFacesFront: distracted ? 0 : 3 }));
  }
  const moments = keyMoments(rows, [{ startS: 400, endS: 560 }], wordingFor('expression'));
  assert.deepEqual(moments.map((m) => m.kind), ['students-expression', 'silence', 'attention-drop', 'monologue']);
  const peak = moments[0];
  assert.ok(Math.abs(peak.startS - 100) <= 2 && Math.abs(peak.endS - 112) <= 2, `peak at ${peak.startS}–${peak.endS}`);
  assert.match(peak.reason, /^Students smiling for \d+ s/);
  assert.deepEqual([moments[1].startS, moments[1].endS], [200, 220]);
  assert.equal(moments[1].reason, 'No one speaks for 20 s');
  assert.deepEqual([moments[2].startS, moments[2].endS], [300, 360]);
  assert.match(moments[3].reason, /2 min 40 s/);
  assert.equal(keyMoments(rows.slice(0, 90), [], wordingFor('emotion')).length, 0, 'an even lesson has none');
});
