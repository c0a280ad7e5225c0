import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { HAMILTON_CLIP, hasSharedData, NEEDS_SHARED_DATA } from '../test/helpers/fixtures';
import { startApp, type RunningApp } from './helpers/app';
import { launchBrowser, signInPage } from './helpers/browser';

/** Set SCREENSHOT_DIR to keep the pages this test walks through as PNGs (see README). */
const screenshotDir = process.env.SCREENSHOT_DIR;
async function shot(page: Page, name: string) {
  if (!screenshotDir) return;
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage: true });
}

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

test('a teacher uploads a lesson, watches it analysed; others get 404 until the teacher shares it with the head', { skip: !hasSharedData && NEEDS_SHARED_DATA, timeout: 180_000 }, async () => {
  const teacher = await signInPage(browser, app.url, 'alex.chen@riverside.example');
  await shot(teacher, 'dashboard-empty');
  await teacher.getByRole('link', { name: /Physics 9A/ }).first().click();
  await teacher.getByLabel('Title').fill('Forces and motion');
  await teacher.getByLabel('Taught on').fill('2026-11-20');
  await teacher.getByRole('button', { name: 'Create lesson' }).click();
  await teacher.waitForURL(/\/lessons\/[0-9a-f-]{36}$/);
  const lessonPath = new URL(teacher.url()).pathname;

  await teacher.getByTestId('upload-input').setInputFiles(HAMILTON_CLIP);
  await teacher.getByRole('progressbar', { name: 'Analysis progress' }).waitFor({ timeout: 30_000 });
  await shot(teacher, 'lesson-during-run');
  // The page updates by itself: no reload between upload and the finished run.
  await teacher.getByText('Finished', { exact: true }).waitFor({ timeout: 120_000 });
  const facts = teacher.getByTestId('media-facts');
  await facts.getByText('640×360 at 29.97 frames/s').waitFor();
  await facts.getByText('44.1 kHz, stereo').waitFor();
  assert.equal(await facts.getByText(/h264|aac|SHA-256/).count(), 0, 'codec names and the file hash are in the report’s data-quality panel, not here');
  await facts.getByText('0:10').waitFor();
  for (const stage of ['probe', 'poster', 'audio']) {
    assert.equal(await teacher.locator(`[data-stage="${stage}"]`).getAttribute('data-status'), 'done');
  }
  assert.equal(await teacher.getByTestId('run-progress').textContent(), '100%');
  await teacher.getByRole('img', { name: 'A still from the recording' }).waitFor();
  await shot(teacher, 'lesson-after-run');
  // The guessed teacher voice can be confirmed, not only replaced.
  await teacher.getByText(/guessed as the one speaking most \(unconfirmed\)/).waitFor();
  await teacher.getByRole('button', { name: 'Yes, this is my voice' }).click();
  await teacher.getByText('You chose your voice on this page.').waitFor();
  assert.equal(await teacher.getByText(/guessed as the one speaking most/).count(), 0);
  assert.equal(await teacher.getByRole('button', { name: 'Yes, this is my voice' }).count(), 0);
  await shot(teacher, 'lesson-voice-confirmed');
  await teacher.goto('/dashboard');
  await teacher.getByText('Forces and motion').waitFor();
  await shot(teacher, 'dashboard');

  for (const email of ['ava.patel@riverside.example', 'jordan.blake@riverside.example', 'sam.rivera@riverside.example', 'morgan.admin@riverside.example']) {
    const other = await signInPage(browser, app.url, email);
    const response = await other.goto(lessonPath);
    assert.equal(response?.status(), 404, `${email} must not see an unshared lesson`);
    await other.getByText('Page not found').waitFor();
    await other.context().close();
  }

  await teacher.goto(lessonPath);
  await teacher.getByRole('button', { name: 'Share with department head' }).click();
  await teacher.getByText('Shared with your department head.').waitFor();

  const head = await signInPage(browser, app.url, 'sam.rivera@riverside.example');
  await head.getByText('Forces and motion').waitFor();
  const shared = await head.goto(lessonPath);
  assert.equal(shared?.status(), 200);
  await head.getByTestId('media-facts').getByText('640×360 at 29.97 frames/s').waitFor();
  assert.equal(await head.getByText(/Confirm it or choose/).count(), 0, 'the head is not asked to confirm what only the teacher can');
  assert.equal(await head.getByRole('button', { name: 'Stop sharing' }).count(), 0, 'the head cannot change the teacher’s lesson');
  assert.equal(await head.getByTestId('upload-input').count(), 0);

  const stranger = await signInPage(browser, app.url, 'jordan.blake@riverside.example');
  assert.equal((await stranger.goto(lessonPath))?.status(), 404, 'sharing with the head does not share with other teachers');
});

test('a wrong password gets a clear message and no session', async () => {
  const context = await browser.newContext({ baseURL: app.url });
  const page = await context.newPage();
  await page.goto('/signin');
  await page.getByLabel('Email').fill('alex.chen@riverside.example');
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('alert').getByText('That email and password do not match an account.').waitFor();
  await shot(page, 'signin-error');
  const response = await page.goto('/dashboard');
  assert.match(response?.url() ?? '', /\/signin$/);
  await context.close();
});
