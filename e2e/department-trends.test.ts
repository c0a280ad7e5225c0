import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { eq } from 'drizzle-orm';
import { setLessonSharing } from '../lib/actions/lessons';
import { getDb } from '../lib/db/client';
import { enrolStudents, findActor } from '../lib/db/queries';
import { classes, users } from '../lib/db/schema';
import { seedAnalysedLesson } from '../research/reports/seed-lesson';
import { startApp, type RunningApp } from './helpers/app';
import { launchBrowser, screenshotAt, signInPage } from './helpers/browser';

/**
 * The department dashboard in the browser: two Science teachers share their
 * lessons, the head sees both classes on the heat map and in its table, a
 * class of 4 withheld with its reason, filters kept in the URL, a cell opening
 * a shared lesson's report, and the CSV. SCREENSHOT_DIR keeps the page at
 * 1280 and 390 px.
 */
let app: RunningApp;
let browser: Browser;
before(async () => {
  app = await startApp({ workers: 0 });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await app?.stop();
});

const weekday = (week: number, day: number) => new Date(Date.UTC(2026, 8, 7 + week * 7 + day)).toISOString().slice(0, 10);

test('two teachers share lessons; the head sees both classes by week, a small class withheld, filters in the URL, a cell opening a shared report, and the CSV', { timeout: 300_000 }, async () => {
  const db = getDb();
  const byEmail = async (email: string) => (await findActor((await db.select().from(users).where(eq(users.email, email)))[0].id))!;
  const alex = await byEmail('alex.chen@riverside.example');
  const jordan = await byEmail('jordan.blake@riverside.example');
  const [physics] = await db.select().from(classes).where(eq(classes.name, 'Physics 9A'));
  const [chemistry, small] = await db
    .insert(classes)
    .values([
      { schoolId: alex.schoolId, departmentId: physics.departmentId, teacherId: jordan.id, name: 'Chemistry 9B', subject: 'Chemistry' },
      { schoolId: alex.schoolId, departmentId: physics.departmentId, teacherId: alex.id, name: 'Physics 11 (set 3)', subject: 'Physics' },
    ])
    .returning();
  const students = await db
    .insert(users)
    .values(Array.from({ length: 16 }, (_, i) => ({ schoolId: alex.schoolId, email: `dept.student${i}@riverside.example`, name: `Student ${i}`, roles: ['student' as const] })))
    .returning({ id: users.id });
  await enrolStudents(physics.id, students.slice(0, 6).map((s) => s.id));
  await enrolStudents(chemistry.id, students.slice(6, 12).map((s) => s.id));
  await enrolStudents(small.id, students.slice(12, 16).map((s) => s.id));
  let seed = 0;
  for (const [cls, teacher] of [[physics, alex], [chemistry, jordan], [small, alex]] as const) {
    for (let week = 0; week < 6; week++) {
      for (const day of [0, 3]) {
        const { lessonId } = await seedAnalysedLesson({ schoolId: alex.schoolId, classId: cls.id, teacherId: teacher.id, title: `${cls.subject} week ${week + 1}${day ? 'b' : 'a'}`, taughtOn: weekday(week, day), durationS: 600, seed: seed++, students: 14, frontShift: cls.id === physics.id ? -0.05 * week : -0.3 + 0.05 * week });
        // Shared by the teacher through the policy, as the lesson page's switch does; one Physics lesson a week stays private.
        if (!(cls.id === physics.id && day === 3)) assert.equal((await setLessonSharing(teacher, { lessonId, shared: true })).error, undefined);
      }
    }
  }

  const page = await signInPage(browser, app.url, 'sam.rivera@riverside.example');
  await page.getByRole('link', { name: 'Department' }).click();
  await page.waitForURL('**/department');
  await page.getByRole('heading', { name: /Science: trends across classes/ }).waitFor();
  const heatTable = page.getByTestId('heatmap-table');
  for (const name of ['Physics 9A', 'Chemistry 9B', 'Physics 11 (set 3)']) {
    await heatTable.getByRole('rowheader', { name }).waitFor();
    await page.getByTestId('heatmap').locator('svg text', { hasText: name }).waitFor();
  }
  assert.equal(await heatTable.locator('thead th').count(), 7, 'six weeks and the class column');
  const smallRow = heatTable.getByRole('row', { name: /Physics 11 \(set 3\)/ });
  assert.equal(await smallRow.locator('[data-suppressed]').count(), 6, 'the class of 4 is withheld every week');
  assert.match((await smallRow.textContent())!, /Withheld: Fewer than 5 students: 4 on the class roster/);
  const physicsRow = heatTable.getByRole('row', { name: /Physics 9A/ });
  assert.match((await physicsRow.locator('td').first().textContent())!, /^\d+(\.\d)? %$/, 'a figure for a class of 6');
  assert.ok((await page.textContent('body'))!.includes('30 analysed lessons'), '6 + 12 + 12 shared lessons (the private ones are not counted)');
  await screenshotAt(page, 'department', 1280);
  await screenshotAt(page, 'department', 390);
  await page.setViewportSize({ width: 1280, height: 900 });

  // Filters live in the URL: choose a teacher and an indicator, reload, same view.
  await page.getByLabel('Teacher').selectOption({ label: 'Jordan Blake' });
  await page.getByLabel('Indicator').selectOption({ label: 'Teacher talk' });
  await page.getByRole('button', { name: 'Show' }).click();
  await page.waitForURL(/teacherId=.*indicator=teacherTalkPct|indicator=teacherTalkPct.*teacherId=/);
  await page.reload();
  assert.deepEqual(await heatTable.getByRole('rowheader').allTextContents(), ['Chemistry 9B']);
  assert.equal(await page.getByLabel('Indicator').inputValue(), 'teacherTalkPct');

  // A cell lists its shared lessons; one opens the teacher's report.
  await heatTable.getByRole('row', { name: /Chemistry 9B/ }).locator('td a').first().click();
  await page.getByRole('heading', { name: /Shared lessons of Chemistry 9B/ }).waitFor();
  const lessonLinks = page.getByRole('link', { name: 'Open the report' });
  assert.equal(await lessonLinks.count(), 2);
  await lessonLinks.first().click();
  await page.waitForURL(/\/lessons\/[0-9a-f-]+\/report/);
  assert.match((await page.textContent('h1'))!, /Chemistry week 1a/);

  // The CSV: the same aggregates and suppression; no student names anywhere.
  const csv = await (await page.request.get(`/api/departments/${physics.departmentId}/trends.csv`)).text();
  const lines = csv.trim().split('\n');
  assert.equal(lines.filter((l) => l.startsWith('Physics 11 (set 3)')).length, 6);
  assert.ok(lines.filter((l) => l.startsWith('Physics 11 (set 3)')).every((l) => l.includes('suppressed: Fewer than 5 students: 4 on the class roster')));
  assert.ok(lines.filter((l) => l.startsWith('Chemistry 9B')).every((l) => !l.includes('suppressed')));
  assert.equal(lines.filter((l) => l.startsWith('Department mean')).length, 6);
  assert.doesNotMatch(csv, /Student \d/);
});
