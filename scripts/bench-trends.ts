import os from 'node:os';
import { eq } from 'drizzle-orm';
import { startApp } from '../e2e/helpers/app';
import { sessionCookie } from '../e2e/helpers/http';
import { getDb } from '../lib/db/client';
import { classes, enrolments, users } from '../lib/db/schema';
import { departmentTrends, trendFilters } from '../lib/trends/department-trends';
import { copyAnalysedLesson, seedAnalysedLesson } from '../research/reports/seed-lesson';
import { percentile, timeRequests } from './bench-http';

/**
 * `npm run bench:trends`: seeds a department of 10 classes × 30 weeks × 3
 * shared lessons of 45 minutes (900 lessons, 2.4 million lesson seconds; 12
 * lessons generated, the rest copies of them), then prints the department
 * dashboard's server time (p50/p95 over loopback, target p95 ≤ 500 ms), the
 * aggregate query alone, and the CSV export's time. Needs a production build
 * (`npm run build`).
 */
const CLASSES = 10;
const WEEKS = 30;
const PER_WEEK = 3;
const DURATION_S = 45 * 60;
const TEMPLATES = 12;

const isoDate = (d: Date) => d.toISOString().slice(0, 10);

async function main() {
  const app = await startApp({ workers: 0 });
  try {
    const db = getDb();
    const [head] = await db.select().from(users).where(eq(users.email, 'sam.rivera@riverside.example'));
    const [teacher] = await db.select().from(users).where(eq(users.email, 'alex.chen@riverside.example'));
    const departmentId = head.departmentId!;
    const seedStarted = Date.now();
    const made = await db
      .insert(classes)
      .values(Array.from({ length: CLASSES }, (_, i) => ({ schoolId: head.schoolId, departmentId, teacherId: i % 2 ? head.id : teacher.id, name: `Bench ${7 + Math.floor(i / 3)}${'ABC'[i % 3]}`, subject: i < 5 ? 'Physics' : 'Chemistry' })))
      .returning();
    const students = await db
      .insert(users)
      .values(Array.from({ length: CLASSES * 24 }, (_, i) => ({ schoolId: head.schoolId, email: `bench.student${i}@riverside.example`, name: `Bench student ${i}`, roles: ['student' as const] })))
      .returning({ id: users.id });
    // One small class (4 on the roster) keeps the suppression in the measured path.
    await db.insert(enrolments).values(made.flatMap((cls, c) => students.slice(c * 24, c * 24 + (c === CLASSES - 1 ? 4 : 24)).map((s) => ({ classId: cls.id, studentId: s.id }))));
    const templates = [];
    for (let i = 0; i < TEMPLATES; i++) {
      templates.push(await seedAnalysedLesson({ schoolId: head.schoolId, classId: made[i % CLASSES].id, teacherId: made[i % CLASSES].teacherId, title: `Bench template ${i + 1}`, taughtOn: '2026-01-05', durationS: DURATION_S, seed: i, shared: false, students: 14 + (i % 10) }));
    }
    const firstMonday = new Date('2026-01-05T00:00:00Z');
    let n = 0;
    for (let w = 0; w < WEEKS; w++) {
      for (const cls of made) {
        for (let k = 0; k < PER_WEEK; k++) {
          const day = new Date(firstMonday.getTime() + (w * 7 + k * 2) * 86_400_000);
          await copyAnalysedLesson(templates[n++ % TEMPLATES], { schoolId: head.schoolId, classId: cls.id, teacherId: cls.teacherId, title: `${cls.name} lesson ${w * PER_WEEK + k + 1}`, taughtOn: isoDate(day), shared: true });
        }
      }
    }
    console.log(`seeded ${n} shared lessons of ${DURATION_S / 60} min (${CLASSES} classes × ${WEEKS} weeks × ${PER_WEEK}) in ${((Date.now() - seedStarted) / 1000).toFixed(0)} s`);
    await db.execute('analyze');

    const scope = { schoolId: head.schoolId, departmentId };
    const queryTimes: number[] = [];
    for (let i = 0; i < 20; i++) {
      const t = performance.now();
      await departmentTrends(scope, trendFilters.parse({}));
      queryTimes.push(performance.now() - t);
    }
    console.log(`aggregate query (${CLASSES * WEEKS} class-weeks) in the bench process: median ${Math.round(percentile(queryTimes, 50))} ms, p95 ${Math.round(percentile(queryTimes, 95))} ms`);

    const cookie = (await sessionCookie(app.url, head.email))!;
    const page = await timeRequests(`${app.url}/department`, cookie);
    console.log(`/department, all classes and weeks: first ${page.first} ms, p50 ${page.p50} ms, p95 ${page.p95} ms (target p95 ≤ 500 ms), ${Math.round(page.bytes / 1024)} KiB`);
    const filtered = await timeRequests(`${app.url}/department?indicator=studentsBalancePts&subject=Physics&from=2026-03-01&to=2026-06-30`, cookie);
    console.log(`/department, filtered (subject, dates, another indicator): p50 ${filtered.p50} ms, p95 ${filtered.p95} ms`);
    const csv = await timeRequests(`${app.url}/api/departments/${departmentId}/trends.csv`, cookie);
    console.log(`CSV export of all class-weeks: p50 ${csv.p50} ms, p95 ${csv.p95} ms, ${Math.round(csv.bytes / 1024)} KiB`);
    console.log(`load average while measuring: ${os.loadavg().map((v) => v.toFixed(2)).join(' ')} (2 cores; figures are noisier above 1.5)`);
  } finally {
    await app.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
