import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { count, eq, sql } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { getDb } from '../lib/db/client';
import { auditEvents, faceTemplates, mediaAssets, reportVersions, users, voiceTemplates } from '../lib/db/schema';
import { generateRecording, HAMILTON_CLIP, hasSharedData, scratchDir } from '../test/helpers/fixtures';
import { until } from '../test/helpers/until';
import { startApp, type RunningApp } from './helpers/app';
import { launchBrowser, signInPage } from './helpers/browser';
import { sessionCookie } from './helpers/http';

/** Set SCREENSHOT_DIR to keep the pages of this test as PNGs at 1280 and 390 px wide. */
const screenshotDir = process.env.SCREENSHOT_DIR;
async function shots(page: Page, name: string) {
  if (!screenshotDir) return;
  mkdirSync(screenshotDir, { recursive: true });
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: path.join(screenshotDir, `${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

const OWNER = 'alex.chen@riverside.example';
const ADMIN = 'morgan.admin@riverside.example';

let app: RunningApp;
let browser: Browser;
let lessonPath = '';
before(async () => {
  app = await startApp({ workers: 1 });
  browser = await launchBrowser();
  // The owner's lesson, analysed.
  const teacher = await signInPage(browser, app.url, OWNER);
  await teacher.getByRole('link', { name: /Physics 9A/ }).first().click();
  await teacher.getByLabel('Title').fill('Forces and motion');
  await teacher.getByLabel('Taught on').fill('2026-11-20');
  await teacher.getByRole('button', { name: 'Create lesson' }).click();
  await teacher.waitForURL(/\/lessons\/[0-9a-f-]{36}$/);
  lessonPath = new URL(teacher.url()).pathname;
  await teacher.getByTestId('upload-input').setInputFiles(hasSharedData ? HAMILTON_CLIP : generateRecording(path.join(scratchDir(), 'clip.mp4'), { seconds: 4 }));
  await teacher.getByText('Finished', { exact: true }).waitFor({ timeout: 180_000 });
  // The page re-renders with the results once the run ended (a visit the audit log records): wait for it to land.
  await teacher.getByRole('link', { name: 'Open the report' }).waitFor();
  await teacher.context().close();
});
after(async () => {
  await browser?.close();
  await app?.stop();
});

async function auditRows(): Promise<{ action: string; actorName: string }[]> {
  return getDb().select({ action: auditEvents.action, actorName: auditEvents.actorName }).from(auditEvents).orderBy(auditEvents.at);
}

/** The audit entries `act` adds. */
async function added(act: () => Promise<unknown>): Promise<string[]> {
  const before = (await auditRows()).length;
  await act();
  await new Promise((r) => setTimeout(r, 300));
  return (await auditRows()).slice(before).map((r) => `${r.action} by ${r.actorName}`);
}

test('audit: opening a lesson page and changing sharing leave exactly one entry each; polling its status and reopening it leave none', { timeout: 120_000 }, async () => {
  // The upload was a visit to the page; this one is more than 10 minutes later.
  await getDb().update(auditEvents).set({ at: sql`${auditEvents.at} - interval '11 minutes'` });
  const teacher = await signInPage(browser, app.url, OWNER);
  assert.deepEqual(await added(() => teacher.goto(lessonPath)), ['lesson.view by Alex Chen']);
  const cookie = (await sessionCookie(app.url, OWNER))!;
  assert.deepEqual(
    await added(async () => {
      for (let i = 0; i < 5; i++) assert.equal((await fetch(`${app.url}/api/lessons/${lessonPath.split('/')[2]}/status`, { headers: { Cookie: cookie } })).status, 200);
    }),
    [],
    'status polls are not logged',
  );
  assert.deepEqual(await added(() => teacher.reload()), [], 'the same visit');
  assert.deepEqual(
    await added(async () => {
      await teacher.getByRole('button', { name: 'Share with department head' }).click();
      await teacher.getByText('Shared with your department head.').waitFor();
    }),
    ['lesson.share by Alex Chen'],
  );
  assert.deepEqual(
    await added(async () => {
      await teacher.getByRole('button', { name: 'Stop sharing' }).click();
      await teacher.getByText('No longer shared.').waitFor();
    }),
    ['lesson.unshare by Alex Chen'],
  );
  // Opening the dashboard is one entry (signing in opened it less than 10 minutes ago: move that back); its links to lessons, prefetched by the browser, are not openings.
  await getDb().update(auditEvents).set({ at: sql`${auditEvents.at} - interval '11 minutes'` });
  assert.deepEqual(
    await added(async () => {
      await teacher.goto('/dashboard');
      await teacher.getByText('Forces and motion').waitFor();
      await teacher.waitForTimeout(1500);
    }),
    ['dashboard.view by Alex Chen'],
  );
  await teacher.goto(lessonPath);
  await shots(teacher, 'lesson-retention');
  await teacher.getByTestId('recording-retention').getByText(/will be deleted on .*30 days after its analysis/).waitFor();
  await teacher.context().close();
});

test('audit: the report page, a PDF, an export and the playback copy leave one entry each; the video’s Range requests and a reload leave none', { timeout: 180_000 }, async () => {
  const lessonId = lessonPath.split('/')[2];
  const version = await until('report version 1 to be printed', async () => {
    const [row] = await getDb().select().from(reportVersions).where(eq(reportVersions.lessonId, lessonId));
    return row?.status === 'ready' ? row : null;
  }, 120_000);
  const teacher = await signInPage(browser, app.url, OWNER);
  await getDb().update(auditEvents).set({ at: sql`${auditEvents.at} - interval '11 minutes'` });
  // The report loads its recording's playback copy (preload="metadata"): one entry for the page, one for the copy.
  assert.deepEqual(
    (
      await added(async () => {
        await teacher.goto(`${lessonPath}/report`);
        await teacher.waitForFunction(() => (document.querySelector<HTMLMediaElement>('[data-testid="report-player"]')?.readyState ?? 0) >= 1, undefined, { timeout: 30_000 });
      })
    ).sort(),
    ['playback.view by Alex Chen', 'report.view by Alex Chen'],
  );
  const cookie = (await sessionCookie(app.url, OWNER))!;
  const get = (url: string, headers: Record<string, string> = {}) => fetch(`${app.url}${url}`, { headers: { Cookie: cookie, ...headers } });
  assert.deepEqual(
    await added(async () => {
      for (const range of ['bytes=0-99', 'bytes=100-4999', 'bytes=5000-']) {
        const response = await get(`/api/lessons/${lessonId}/playback`, { Range: range });
        assert.equal(response.status, 206);
        await response.arrayBuffer();
      }
      await teacher.reload();
      await teacher.getByTestId('report-versions').waitFor();
    }),
    [],
    'Range requests of the same playback and a reload are the same visit',
  );
  const downloaded = async (url: string, type: RegExp) => {
    const response = await get(url);
    assert.equal(response.status, 200, url);
    assert.match(response.headers.get('content-type') ?? '', type);
    await response.arrayBuffer();
  };
  assert.deepEqual(await added(() => downloaded(`/api/lessons/${lessonId}/reports/${version.version}/pdf`, /application\/pdf/)), ['report.pdf by Alex Chen']);
  assert.deepEqual(await added(() => downloaded(`/api/lessons/${lessonId}/export/timeline.csv`, /text\/csv/)), ['report.export by Alex Chen']);
  assert.deepEqual(await added(() => downloaded(`/api/lessons/${lessonId}/export/summary.json`, /json/)), ['report.export by Alex Chen'], 'another export is another entry');
  const details = await getDb().select({ action: auditEvents.action, detail: auditEvents.detail }).from(auditEvents).where(sql`${auditEvents.action} like 'report.%'`);
  assert.deepEqual(details.map((d) => `${d.action}: ${d.detail}`).sort(), ['report.export: per-second CSV', 'report.export: summary JSON', 'report.pdf: version 1', 'report.view: current analysis']);
  await teacher.context().close();
});

test('face and voice templates never leave the server: no page, route or export holds them', { timeout: 120_000 }, async () => {
  const db = getDb();
  const [owner] = await db.select().from(users).where(eq(users.email, OWNER));
  // Distinctive values, so any copy of them in a response is found.
  const descriptor = Array.from({ length: 128 }, (_, i) => 0.0731 + i * 0.00001);
  const embedding = Array.from({ length: 256 }, (_, i) => -0.0517 - i * 0.00001);
  await db.insert(faceTemplates).values({ userId: owner.id, status: 'ready', descriptor, modelName: 'face-api face recognition', modelVersion: '1.7.15' });
  await db.insert(voiceTemplates).values({ userId: owner.id, status: 'ready', embedding, modelName: 'GE2E', modelVersion: '1', seconds: 30 }).onConflictDoNothing();
  const lessonId = lessonPath.split('/')[2];
  const pagesAndRoutes: Record<string, string[]> = {
    [OWNER]: ['/dashboard', '/profile', lessonPath, `/api/lessons/${lessonId}/status`, '/privacy'],
    [ADMIN]: ['/dashboard', '/admin/people', `/admin/people/${owner.id}`, '/admin/audit', '/api/admin/audit', '/privacy', '/admin/school', '/admin/classes'],
  };
  const longFloatRun = /(?:-?\d+\.\d+\s*,\s*){63,}-?\d+\.\d+/;
  for (const [email, paths] of Object.entries(pagesAndRoutes)) {
    const cookie = (await sessionCookie(app.url, email))!;
    for (const url of paths) {
      for (const headers of [{ Cookie: cookie }, { Cookie: cookie, RSC: '1' }] as Record<string, string>[]) {
        const response = await fetch(`${app.url}${url}`, { headers });
        const body = await response.text();
        assert.equal(response.status, 200, `${email} ${url}`);
        assert.ok(!body.includes('0.0731') && !body.includes('-0.0517'), `${url} holds a template value (${email})`);
        assert.ok(!longFloatRun.test(body), `${url} holds a run of 64 numbers (${email})`);
      }
    }
  }
});

test('people: the admin deactivates a student, whose session ends at once; changes roles; the forgot-password refusal is an error', { timeout: 120_000 }, async () => {
  const studentCookie = (await sessionCookie(app.url, 'ben.okafor@riverside.example'))!;
  assert.equal((await fetch(`${app.url}/dashboard`, { headers: { Cookie: studentCookie }, redirect: 'manual' })).status, 200);
  const admin = await signInPage(browser, app.url, ADMIN);
  await admin.getByText('Your school’s people, classes, settings and audit log.').waitFor();
  assert.equal(await admin.getByText('Your classes and lessons at a glance.').count(), 0, 'the admin has no classes or lessons');
  await admin.goto('/admin/people');
  await shots(admin, 'people');
  await admin.getByRole('link', { name: 'Ben Okafor' }).click();
  await admin.getByRole('button', { name: 'Deactivate account' }).click();
  await admin.getByText('Ben Okafor is signed out everywhere and can no longer sign in.').waitFor();
  const after = await fetch(`${app.url}/dashboard`, { headers: { Cookie: studentCookie }, redirect: 'manual' });
  assert.equal(after.status, 307, 'the session ended at once');
  assert.match(after.headers.get('location') ?? '', /\/signin$/);
  assert.equal(await sessionCookie(app.url, 'ben.okafor@riverside.example'), null, 'and they cannot sign in');
  await admin.getByText('This account is deactivated').waitFor();
  await admin.getByRole('button', { name: 'Reactivate account' }).click();
  await admin.getByText('Ben Okafor can sign in again.').waitFor();
  assert.equal((await fetch(`${app.url}/dashboard`, { headers: { Cookie: studentCookie }, redirect: 'manual' })).status, 307, 'the old session stays ended');
  assert.ok(await sessionCookie(app.url, 'ben.okafor@riverside.example'), 'a new sign-in works');

  await admin.getByLabel('Guardian’s name').fill('Ngozi Okafor');
  await admin.getByLabel('Email', { exact: true }).fill('ngozi.okafor@home.example');
  await admin.getByRole('button', { name: 'Add guardian' }).click();
  await admin.getByText('Ngozi Okafor is recorded as Ben Okafor’s guardian.').waitFor();
  await admin.getByRole('button', { name: 'Remove Ben Okafor from Physics 9A' }).click();
  await admin.getByRole('button', { name: 'Remove Ben Okafor from Physics 9A' }).waitFor({ state: 'detached' });
  await shots(admin, 'person');

  await admin.goto('/admin/classes');
  const physicsEnrol = admin.locator('li', { hasText: 'Physics 9A' }).getByLabel('Students to enrol');
  const offered = await physicsEnrol.locator('option').allTextContents();
  assert.ok(!offered.includes('Ava Patel'), `a student already in the class is not offered again: ${offered.join(', ')}`);
  assert.ok(offered.includes('Ben Okafor'), 'the student just taken out is offered again');

  const student = await signInPage(browser, app.url, 'ava.patel@riverside.example');
  assert.equal(await student.getByText('Your classes and lessons at a glance.').count(), 0);
  await student.getByText('Your own summary, when your school turns it on.').waitFor();
  await student.context().close();

  const visitor = await browser.newPage({ baseURL: app.url });
  await visitor.goto('/forgot');
  await visitor.getByLabel('Email').fill('alex.chen@riverside.example');
  await visitor.getByRole('button', { name: 'Send reset link' }).click();
  const refusal = visitor.locator('form p[role=alert]');
  await refusal.getByText(/Email is not set up for this school/).waitFor();
  assert.match((await refusal.getAttribute('class')) ?? '', /text-red/);
  await shots(visitor, 'forgot-refused');
  await visitor.close();
  await admin.context().close();
});

test('roster import: the preview lists every row with what happens or why not; importing twice changes nothing', { timeout: 120_000 }, async () => {
  const admin = await signInPage(browser, app.url, ADMIN);
  await admin.goto('/admin/roster');
  const file = path.resolve('test/fixtures/roster/good-and-bad.csv');
  await admin.getByLabel('Roster file (CSV)').setInputFiles(file);
  const counts = admin.getByTestId('roster-counts').first();
  await counts.waitFor();
  assert.equal((await counts.textContent())?.replace(/\s+/g, ' '), 'Would import: 5 new, 1 changed, 1 unchanged, 7 with errors (they will be skipped).');
  await admin.getByText('Unknown class “Biology 12Z”: add a class row, or create it on the Classes page.').waitFor();
  await shots(admin, 'roster-preview');
  await admin.getByRole('button', { name: 'Import 6 rows' }).click();
  await admin.getByText('Imported: 5 created, 1 changed; 7 rows with errors skipped.').waitFor();
  await admin.reload();
  await admin.getByLabel('Roster file (CSV)').setInputFiles(file);
  await admin.getByTestId('roster-counts').first().getByText(/0 new, 0 changed, 7 unchanged/).waitFor();
  assert.equal(await admin.getByRole('button', { name: 'Nothing to import' }).isDisabled(), true);
  await admin.context().close();
});

test('the audit log page filters and exports; the privacy notice follows the settings', { timeout: 120_000 }, async () => {
  const admin = await signInPage(browser, app.url, ADMIN);
  await admin.goto('/admin/school');
  await admin.getByLabel(/Delete an uploaded recording/).fill('14');
  await admin.getByRole('button', { name: 'Save settings' }).click();
  await admin.getByText(/Settings saved/).waitFor();
  await admin.goto('/admin/audit');
  await admin.getByRole('cell', { name: 'Shared a lesson with the department' }).waitFor();
  await shots(admin, 'audit-log');
  await admin.getByLabel('Action').selectOption('lesson.share');
  await admin.getByRole('button', { name: 'Filter' }).click();
  await admin.waitForURL(/action=lesson\.share/);
  const rows = admin.getByTestId('audit-entries').locator('tbody tr');
  assert.equal(await rows.count(), 1);
  const cookie = (await sessionCookie(app.url, ADMIN))!;
  const csv = await (await fetch(`${app.url}/api/admin/audit?action=settings.change`, { headers: { Cookie: cookie } })).text();
  const lines = csv.trim().split('\r\n');
  assert.equal(lines[0], 'time (UTC),person,action,about,detail');
  assert.equal(lines.length, 2);
  assert.match(lines[1], /Morgan Admin,Changed school settings,School settings,days a recording is kept after its analysis: 30 → 14/);

  const [{ n }] = await getDb().select({ n: count() }).from(auditEvents).where(eq(auditEvents.action, 'audit.export'));
  assert.equal(n, 1, 'exporting the log is itself logged');

  for (const email of [ADMIN, 'ava.patel@riverside.example']) {
    const reader = await signInPage(browser, app.url, email);
    await reader.getByRole('link', { name: 'Privacy' }).click();
    await reader.getByRole('heading', { name: 'How Riverside Academy uses LessonLens' }).waitFor();
    await reader.getByRole('cell', { name: '14 days after its analysis finished; the results, report versions and playback copy stay' }).waitFor();
    await reader.getByText('No face or voice template of a student is kept.').waitFor();
    if (email === ADMIN) await shots(reader, 'privacy');
    await reader.context().close();
  }
  await admin.context().close();
});

test('after the retention sweep the lesson page and the report say the recording was deleted, and the report still plays its copy', { timeout: 120_000 }, async () => {
  const lessonId = lessonPath.split('/')[2];
  // The hourly sweep, 31 days on, in the app's own environment (its storage).
  const sweep = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', "const { deleteExpiredRecordings } = await import('./lib/lessons/recording-retention.ts'); console.log(await deleteExpiredRecordings(new Date(Date.now() + 31 * 86_400_000))); process.exit(0);"], { env: app.env, encoding: 'utf8' });
  assert.equal(sweep.status, 0, sweep.stderr);
  const [asset] = await getDb().select().from(mediaAssets).where(eq(mediaAssets.lessonId, lessonId));
  assert.ok(asset.recordingDeletedAt, 'the uploaded recording was deleted');
  assert.ok(asset.playbackKey);
  const teacher = await signInPage(browser, app.url, OWNER);
  await teacher.goto(lessonPath);
  await teacher.getByTestId('recording-retention').getByText(/was deleted on .*Its results, report versions and playable copy are kept/).waitFor();
  await teacher.goto(`${lessonPath}/report`);
  await teacher.getByTestId('recording-retention').getByText(/was deleted on/).waitFor();
  await teacher.waitForFunction(
    () => {
      const player = document.querySelector<HTMLMediaElement>('[data-testid="report-player"]');
      if (player && player.readyState >= 1 && player.currentTime === 0) player.currentTime = Math.min(2, player.duration / 2);
      return !!player && !player.seeking && player.readyState >= 2 && player.currentTime > 0;
    },
    undefined,
    { timeout: 30_000 },
  );
  await shots(teacher, 'report-recording-deleted');
  await teacher.context().close();
});

test('the teacher deletes the lesson from its page', { timeout: 60_000 }, async () => {
  const teacher = await signInPage(browser, app.url, OWNER);
  await teacher.goto(lessonPath);
  await teacher.getByText('Delete this lesson…').click();
  await teacher.getByRole('button', { name: 'Delete lesson' }).click();
  await teacher.getByText(/Tick the box to confirm/).waitFor();
  await teacher.getByLabel(/I understand that the recording/).check();
  await teacher.getByRole('button', { name: 'Delete lesson' }).click();
  await teacher.waitForURL(/\/lessons$/);
  assert.equal(await teacher.getByText('Forces and motion').count(), 0);
  assert.equal((await teacher.goto(lessonPath))?.status(), 404);
  await teacher.context().close();
});
