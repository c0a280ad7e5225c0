import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { eq } from 'drizzle-orm';
import { createLesson } from '../lib/actions/lessons';
import { recordConsentDecision } from '../lib/consent/records';
import { getDb, withTransaction } from '../lib/db/client';
import { findActor, getRun, saveSchoolSettings } from '../lib/db/queries';
import { classes, faceTemplates, studentMatches, users } from '../lib/db/schema';
import { storeStudentMatches } from '../lib/students/matches';
import { buildSyntheticLesson, EXAMPLES } from '../test/face/syntheticLesson';
import { SMALL_LESSON } from '../test/face/lessonSpecs';
import { hasSharedData, NEEDS_SHARED_DATA } from '../test/helpers/fixtures';
import { until } from '../test/helpers/until';
import { seedAnalysedLesson } from '../research/reports/seed-lesson';
import { startApp, type RunningApp } from './helpers/app';
import { launchBrowser, screenshotAt, signInPage } from './helpers/browser';
import { sessionCookie } from './helpers/http';

/**
 * Students' own summaries end to end: with the school's setting on and both
 * consents recorded, a student enrols a face photo (amy1) on their profile; a
 * lesson in which another photo of that person (amy2) sits among others is
 * analysed by a worker and finds them; /me shows their own figures only. A
 * classmate without consent gets the explanation and no data, and cannot
 * read the first student's summary. Withdrawing consent leaves no template
 * and no match. SCREENSHOT_DIR keeps /me at 1280 and 390 px.
 */
let app: RunningApp;
let browser: Browser;
before(async () => {
  app = await startApp({ workers: 1 });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await app?.stop();
});

test('a consenting student is found in a lesson and sees only their own summary; a classmate without consent sees why not; withdrawing consent deletes template and matches', { skip: !hasSharedData && NEEDS_SHARED_DATA, timeout: 600_000 }, async () => {
  const db = getDb();
  const actorOf = async (email: string) => (await findActor((await db.select().from(users).where(eq(users.email, email)))[0].id))!;
  const [admin, teacher, ava, ben] = await Promise.all(['morgan.admin', 'alex.chen', 'ava.patel', 'ben.okafor'].map((n) => actorOf(`${n}@riverside.example`)));
  const [physics] = await db.select().from(classes).where(eq(classes.name, 'Physics 9A'));

  // Summaries off: /me is a 404 even for a student.
  const avaCookie = (await sessionCookie(app.url, 'ava.patel@riverside.example'))!;
  assert.equal((await fetch(`${app.url}/me`, { headers: { Cookie: avaCookie } })).status, 404);
  await saveSchoolSettings(admin.schoolId, { studentSummaries: true });
  for (const kind of ['face-template', 'personal-summary'] as const) {
    await recordConsentDecision({ schoolId: admin.schoolId, studentId: ava.id, kind, decision: 'given', givenBy: 'guardian', guardianName: 'R. Patel', note: null, recordedBy: { id: admin.id, name: admin.name } });
  }

  // Ava enrols a photo on her profile, through the teachers' enrolment and face-template job.
  const student = await signInPage(browser, app.url, 'ava.patel@riverside.example');
  await student.getByRole('link', { name: 'My profile' }).click();
  await student.getByLabel('Photos of your face').setInputFiles(path.join(EXAMPLES, 'amy/amy1.png'));
  await student.getByRole('button', { name: 'Enrol photos' }).click();
  await student.getByTestId('face-enrolment').getByText('1 reference photo enrolled (descriptors only).').waitFor({ timeout: 120_000 });
  const [template] = await db.select().from(faceTemplates).where(eq(faceTemplates.userId, ava.id));
  assert.ok(template.descriptor && template.modelName && template.modelVersion, 'the template records the model that made it');

  // Two earlier lessons, stored through the same funnel (consent checked), so the summary has a history to compare with.
  for (const [i, figures] of [[1, { attentionPct: 71.5, balancePts: 4.2 }], [2, { attentionPct: 64.0, balancePts: -2.5 }]] as const) {
    const { runId } = await seedAnalysedLesson({ schoolId: teacher.schoolId, classId: physics.id, teacherId: teacher.id, title: `Waves ${i}`, taughtOn: `2026-11-0${2 + i * 3}`, durationS: 60, seed: i });
    await withTransaction((tx) => storeStudentMatches(tx, runId, [{ studentId: ava.id, personKey: 'P2', distance: 0.4, visibleSeconds: 2400 + i * 200, ...figures }]));
  }

  // The teacher's lesson: amy2 among four other faces.
  const created = await createLesson(teacher, { classId: physics.id, title: 'Momentum', taughtOn: '2026-11-20' });
  const teacherCookie = (await sessionCookie(app.url, 'alex.chen@riverside.example'))!;
  const upload = await fetch(`${app.url}/api/lessons/${created.id}/media`, { method: 'PUT', headers: { Cookie: teacherCookie, 'X-File-Name': 'momentum.mp4' }, body: readFileSync(buildSyntheticLesson(SMALL_LESSON)) });
  const uploaded = await upload.text();
  assert.equal(upload.status, 201, uploaded);
  const { runId } = JSON.parse(uploaded) as { runId: string };
  await until('the analysis to finish', async () => (await getRun(runId))?.status === 'succeeded', 400_000, 500);
  const matches = await db.select().from(studentMatches).where(eq(studentMatches.runId, runId));
  assert.equal(matches.length, 1, 'Ava, and no one else, was looked for and found');
  assert.equal(matches[0].studentId, ava.id);
  assert.ok(matches[0].distance < 0.6, `descriptor distance ${matches[0].distance}`);
  assert.ok(matches[0].visibleSeconds >= 20, `amy is on screen the whole 24 s: ${matches[0].visibleSeconds} s`);

  await student.goto('/me');
  const table = student.getByTestId('own-lessons');
  await table.waitFor();
  assert.deepEqual((await table.locator('tbody th').allTextContents()).map((t) => t.split(' ·')[0]), ['Waves 1', 'Waves 2', 'Momentum', 'Your average']);
  const body = (await student.textContent('main'))!;
  for (const other of ['Ben Okafor', 'Chloe Martin', 'Alex Chen']) assert.ok(!body.includes(other), `nothing about ${other}`);
  assert.equal(await student.locator('main video, main img').count(), 0, 'no video, no frames');
  await student.getByTestId('own-summary').locator('svg').first().waitFor();
  await screenshotAt(student, 'student-summary', 1280);
  await screenshotAt(student, 'student-summary', 390);

  // Ben has no consent: an explanation, no data, no profile enrolment, and Ava's summary is not his to read.
  const classmate = await signInPage(browser, app.url, 'ben.okafor@riverside.example');
  await classmate.goto('/me');
  await classmate.getByTestId('summary-explanation').getByText(/It needs consent to a face template and to a personal summary, given by a parent or guardian/).waitFor();
  assert.equal(await classmate.getByTestId('own-lessons').count(), 0);
  await screenshotAt(classmate, 'student-summary-no-consent', 390);
  const benCookie = (await sessionCookie(app.url, 'ben.okafor@riverside.example'))!;
  assert.equal((await fetch(`${app.url}/api/students/${ava.id}/summary.json`, { headers: { Cookie: benCookie } })).status, 404, 'a classmate’s summary');
  assert.equal((await fetch(`${app.url}/profile`, { headers: { Cookie: benCookie } })).status, 404, 'no enrolment without consent');
  const own = await fetch(`${app.url}/api/students/${ava.id}/summary.json`, { headers: { Cookie: avaCookie } });
  assert.equal(own.status, 200);
  assert.equal(((await own.json()) as { lessons: unknown[] }).lessons.length, 3);

  // Ava withdraws: the template and every match go at once.
  await recordConsentDecision({ schoolId: ava.schoolId, studentId: ava.id, kind: 'face-template', decision: 'withdrawn', givenBy: 'student', guardianName: null, note: null, recordedBy: { id: admin.id, name: admin.name } });
  assert.equal((await db.select().from(faceTemplates).where(eq(faceTemplates.userId, ava.id))).length, 0, 'no template');
  assert.equal((await db.select().from(studentMatches).where(eq(studentMatches.studentId, ava.id))).length, 0, 'no match');
  await student.reload();
  await student.getByTestId('summary-explanation').waitFor();
  assert.equal(ben.roles.includes('student'), true);
});
