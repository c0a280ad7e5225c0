import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { eq, sql } from 'drizzle-orm';
import { departmentTrendsFor } from '../../lib/access';
import { getDb } from '../../lib/db/client';
import { enrolStudents, unenrolStudent } from '../../lib/db/queries';
import { classes, lessonSummaries, users } from '../../lib/db/schema';
import { INDICATOR_SQL } from '../../lib/results/indicators';
import { BACKFILL_CONDITION, lessonSummaryUpsert } from '../../lib/results/lesson-summary';
import { departmentTrends, trendFilters } from '../../lib/trends/department-trends';
import { trendsCsv } from '../../lib/trends/trends-csv';
import { wordingFor } from '../../lib/wording';
import { seedAnalysedLesson } from '../../research/reports/seed-lesson';
import { demoSchool } from '../helpers/fixtures';
import { useTestDatabase } from '../helpers/database';

useTestDatabase();

async function makeStudents(schoolId: string, prefix: string, n: number): Promise<string[]> {
  const rows = await getDb()
    .insert(users)
    .values(Array.from({ length: n }, (_, i) => ({ schoolId, email: `${prefix}${i}@riverside.example`, name: `${prefix} ${i}`, roles: ['student' as const] })))
    .returning({ id: users.id });
  return rows.map((r) => r.id);
}

test('k < 5: a class of 4 is withheld with its reason, a class of 6 shows numbers, and removing two from the roster withholds it again — on the page data and in the CSV', async () => {
  const { owner, head, physics } = await demoSchool();
  const db = getDb();
  const [small, large] = await db
    .insert(classes)
    .values([
      { schoolId: owner.schoolId, departmentId: physics.departmentId, teacherId: owner.id, name: 'Small group', subject: 'Physics' },
      { schoolId: owner.schoolId, departmentId: physics.departmentId, teacherId: owner.id, name: 'Large group', subject: 'Physics' },
    ])
    .returning();
  await enrolStudents(small.id, await makeStudents(owner.schoolId, 'small', 4));
  const largeRoster = await makeStudents(owner.schoolId, 'large', 6);
  await enrolStudents(large.id, largeRoster);
  const base = { schoolId: owner.schoolId, teacherId: owner.id, durationS: 600, shared: true, students: 8 };
  await seedAnalysedLesson({ ...base, classId: small.id, title: 'Small A', taughtOn: '2026-11-16', seed: 1 });
  const { runId } = await seedAnalysedLesson({ ...base, classId: large.id, title: 'Large A', taughtOn: '2026-11-17', seed: 2 });
  await seedAnalysedLesson({ ...base, classId: large.id, title: 'Large B', taughtOn: '2026-11-19', seed: 3 });
  await seedAnalysedLesson({ ...base, classId: large.id, title: 'Not shared', taughtOn: '2026-11-18', seed: 4, shared: false });

  const department = await departmentTrendsFor(head, physics.departmentId);
  assert.ok(department, 'the Science head sees the Science trends');
  const scope = { schoolId: owner.schoolId, departmentId: physics.departmentId };
  const filters = trendFilters.parse({});
  const wording = wordingFor('emotion');
  const view = async () => {
    const trends = await departmentTrends(scope, filters);
    const cell = (classId: string) => trends.cells.find((c) => c.classId === classId)!;
    return { trends, small: cell(small.id), large: cell(large.id), csv: trendsCsv(trends, wording).split('\n') };
  };

  let { trends, small: s, large: l, csv } = await view();
  assert.equal(s.suppressed, 'Fewer than 5 students: 4 on the class roster');
  assert.equal(s.values.attentionPct, null, 'no student figure leaves the database for a class of 4');
  assert.equal(s.values.studentsBalancePts, null);
  assert.equal(s.values.studentTurnsPer10Min, null);
  assert.ok(s.values.teacherBalancePts !== null, 'the teacher’s own figure of a shared lesson stays');
  assert.equal(l.suppressed, null);
  assert.equal(l.lessons, 2, 'the unshared lesson does not count');
  assert.equal(l.week, '2026-W47');
  for (const value of Object.values(l.values)) assert.equal(typeof value, 'number');
  const smallLine = csv.find((line) => line.startsWith('Small group'))!;
  const largeLine = csv.find((line) => line.startsWith('Large group'))!;
  assert.match(smallLine, /suppressed: Fewer than 5 students: 4 on the class roster/);
  assert.doesNotMatch(largeLine, /suppressed/);
  assert.match(largeLine, new RegExp(`,${l.values.attentionPct},`));
  // The department mean of a students' figure leaves the withheld class out; the teacher's figure counts every shared lesson.
  assert.equal(trends.mean.get('2026-11-16')!.attentionPct, l.values.attentionPct);
  assert.equal(trends.lessons, 3);

  // The large class's week agrees with the lesson figures: attention is front / posed over both lessons' seconds.
  const [weekly] = (await db.execute(sql`select ${sql.raw(INDICATOR_SQL.attentionPct)} as a from lesson_seconds where run_id in (select current_run_id from lessons where class_id = ${large.id} and shared_with_department)`)).rows as { a: string }[];
  assert.ok(Math.abs(Number(weekly.a) - l.values.attentionPct!) <= 0.1, `week ${l.values.attentionPct} vs seconds ${weekly.a}`);

  await unenrolStudent(large.id, largeRoster[0]);
  await unenrolStudent(large.id, largeRoster[1]);
  ({ large: l, csv } = await view());
  assert.equal(l.suppressed, 'Fewer than 5 students: 4 on the class roster');
  assert.equal(l.values.attentionPct, null);
  assert.match(csv.find((line) => line.startsWith('Large group'))!, /suppressed: Fewer than 5 students: 4 on the class roster/);

  // Enough on the roster but at most 3 people seen in any of the week's lessons: withheld too.
  await enrolStudents(large.id, largeRoster.slice(0, 2));
  await db.update(lessonSummaries).set({ studentsSeen: 3 }).where(sql`run_id in (select current_run_id from lessons where class_id = ${large.id})`);
  ({ large: l } = await view());
  assert.equal(l.suppressed, 'Fewer than 5 students: at most 3 seen in a lesson');

  // The per-lesson summary is INDICATOR_SQL over the run's seconds, and the backfill migration runs the same statement.
  const [summary] = await db.select().from(lessonSummaries).where(eq(lessonSummaries.runId, runId));
  const [direct] = (await db.execute(sql`select ${sql.raw(INDICATOR_SQL.studentsBalancePts)} as b, count(*)::int as n from lesson_seconds where run_id = ${runId}`)).rows as { b: string; n: number }[];
  assert.equal(summary.studentsBalancePts, Number(direct.b));
  assert.equal(summary.seconds, 600);
  assert.ok(readFileSync('db/migrations/0009_backfill_lesson_summaries.sql', 'utf8').includes(lessonSummaryUpsert(BACKFILL_CONDITION)), 'the backfill migration is the module’s statement');
});

test('only the head of the department sees its trends', async () => {
  const { owner, head, admin, student, physics, history } = await demoSchool();
  assert.ok(await departmentTrendsFor(head, physics.departmentId));
  assert.equal(await departmentTrendsFor(head, history.departmentId), null, 'another department');
  for (const actor of [owner, admin, student]) assert.equal(await departmentTrendsFor(actor, physics.departmentId), null);
  assert.equal(await departmentTrendsFor(head, 'not-a-uuid'), null);
});
