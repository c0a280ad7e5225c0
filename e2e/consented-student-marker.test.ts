import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { eq } from 'drizzle-orm';
import { recordConsentDecision } from '../lib/consent/records';
import { getDb, withTransaction } from '../lib/db/client';
import { findActor, saveSchoolSettings } from '../lib/db/queries';
import { classes, studentMatches, users } from '../lib/db/schema';
import { storeStudentMatches } from '../lib/students/matches';
import { seedAnalysedLesson } from '../research/reports/seed-lesson';
import { startApp, type RunningApp } from './helpers/app';
import { launchBrowser, screenshotAt, signInPage } from './helpers/browser';
import { sessionCookie } from './helpers/http';

/**
 * The optional consented-student marker on a lesson's people list: off by
 * default; 'marked' shows the lesson's teacher which numbered person is a
 * consented student, 'named' adds the name; the department head (the lesson
 * shared) never sees it, and a match row of a student without consent is
 * never marked. SCREENSHOT_DIR keeps the list at 1280 and 390 px.
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

test('only the lesson’s teacher sees consented students marked, named only when the school allows it, and never a student without consent', { timeout: 180_000 }, async () => {
  const db = getDb();
  const actorOf = async (email: string) => (await findActor((await db.select().from(users).where(eq(users.email, email)))[0].id))!;
  const [admin, teacher, ava, ben] = await Promise.all(['morgan.admin', 'alex.chen', 'ava.patel', 'ben.okafor'].map((n) => actorOf(`${n}@riverside.example`)));
  const [physics] = await db.select().from(classes).where(eq(classes.name, 'Physics 9A'));
  await saveSchoolSettings(admin.schoolId, { studentSummaries: true });
  for (const kind of ['face-template', 'personal-summary'] as const) {
    await recordConsentDecision({ schoolId: admin.schoolId, studentId: ava.id, kind, decision: 'given', givenBy: 'guardian', guardianName: 'R. Patel', note: null, recordedBy: { id: admin.id, name: admin.name } });
  }
  const { lessonId, runId } = await seedAnalysedLesson({ schoolId: teacher.schoolId, classId: physics.id, teacherId: teacher.id, title: 'Circuits', taughtOn: '2026-11-24', durationS: 120, seed: 3, shared: true, students: 4 });
  await withTransaction((tx) => storeStudentMatches(tx, runId, [{ studentId: ava.id, personKey: 'P3', distance: 0.4, visibleSeconds: 120, attentionPct: 70, balancePts: 5 }]));
  // A row the funnel would have refused (Ben has no consent), written past it: the list must not trust it.
  await db.insert(studentMatches).values({ runId, studentId: ben.id, personKey: 'P4', distance: 0.4, visibleSeconds: 120, attentionPct: 50, balancePts: 0 });

  const page = await signInPage(browser, app.url, 'alex.chen@riverside.example');
  const markers = async () => {
    await page.goto(`/lessons/${lessonId}`);
    await page.getByText('People in the video (4)').waitFor();
    return page.getByTestId('consented-student').allTextContents();
  };
  const people = page.locator('li', { has: page.getByTestId('consented-student') });

  assert.deepEqual(await markers(), [], 'off by default');
  await saveSchoolSettings(admin.schoolId, { consentedStudentMarker: 'marked' });
  assert.deepEqual(await markers(), ['consented student'], 'Ava is marked, without her name; Ben is not');
  assert.match((await people.textContent())!, /P3 consented student/, 'on P3, the person matched to Ava');
  assert.ok(!(await page.textContent('main'))!.includes('Ava Patel'));

  await saveSchoolSettings(admin.schoolId, { consentedStudentMarker: 'named' });
  assert.deepEqual(await markers(), ['consented student: Ava Patel']);
  assert.match((await people.textContent())!, /P3 consented student: Ava Patel/);
  await screenshotAt(page, 'consented-student-marker', 1280);
  await screenshotAt(page, 'consented-student-marker', 390);

  const headCookie = (await sessionCookie(app.url, 'sam.rivera@riverside.example'))!;
  const headView = await fetch(`${app.url}/lessons/${lessonId}`, { headers: { Cookie: headCookie } });
  assert.equal(headView.status, 200, 'the head sees the shared lesson');
  const html = await headView.text();
  assert.ok(html.includes('People in the video'));
  assert.ok(!html.includes('consented student') && !html.includes('Ava Patel'), 'but not who is a consented student');

  // Without student summaries no one is marked, whatever the marker setting.
  await saveSchoolSettings(admin.schoolId, { studentSummaries: false });
  assert.deepEqual(await markers(), []);
});
