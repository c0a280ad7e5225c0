import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { EMOTIONS, type Emotion } from '../lib/analysis/emotions';
import { getLesson, saveSchoolSettings } from '../lib/db/queries';
import { listReportVersions } from '../lib/reports/versions';
import { buildLabelledLesson, LABELLED_SEGMENTS } from '../test/helpers/labelled-lesson';
import { hasSharedData, NEEDS_SHARED_DATA, scratchDir } from '../test/helpers/fixtures';
import { until } from '../test/helpers/until';
import { startApp, type RunningApp } from './helpers/app';
import { launchBrowser, screenshotAt, signInPage } from './helpers/browser';

/**
 * The lesson report end to end on a lesson whose truth is known by
 * construction (test/helpers/labelled-lesson.ts): upload, the finished run,
 * the report's timelines against the labels, seeking the video, the PDF, a
 * relabel making version 2 while version 1 stays byte-identical, and the
 * school's expression wording. SCREENSHOT_DIR keeps the report and a PDF page.
 */
const screenshotDir = process.env.SCREENSHOT_DIR;
const work = scratchDir('lessonlens-report-e2e-');

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

function pdfFacts(pdf: Buffer, name: string): { text: string; pages: number } {
  const file = path.join(work, name);
  writeFileSync(file, pdf);
  const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file]).toString())?.[1]);
  return { text: execFileSync('pdftotext', ['-layout', file, '-']).toString(), pages };
}

const EMOTION_WORDS = new RegExp(`\\b(${EMOTIONS.filter((e) => e !== 'neutral').join('|')})\\b`, 'i');
const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

test('a constructed, labelled lesson: the report matches the labels, seeks the video, prints, keeps its versions and speaks the school’s words', { skip: !hasSharedData && NEEDS_SHARED_DATA, timeout: 900_000 }, async () => {
  const recording = buildLabelledLesson();
  const teacher = await signInPage(browser, app.url, 'alex.chen@riverside.example');
  // Under the web server's real headers (CSP): nothing the report needs may be refused, nothing may fail in the console.
  const consoleErrors: string[] = [];
  teacher.on('console', (message) => void (message.type() === 'error' && consoleErrors.push(`${teacher.url()}: ${message.text()}`)));
  teacher.on('pageerror', (error) => void consoleErrors.push(`${teacher.url()}: ${error.message}`));
  await teacher.getByRole('link', { name: /Physics 9A/ }).first().click();
  await teacher.getByLabel('Title').fill('Labelled lesson');
  await teacher.getByLabel('Taught on').fill('2026-11-25');
  await teacher.getByRole('button', { name: 'Create lesson' }).click();
  await teacher.waitForURL(/\/lessons\/[0-9a-f-]{36}$/);
  const lessonId = new URL(teacher.url()).pathname.split('/').pop()!;
  await teacher.getByTestId('upload-input').setInputFiles(recording);
  await teacher.getByText('Finished', { exact: true }).waitFor({ timeout: 600_000 });

  await teacher.getByRole('link', { name: 'Open the report' }).click();
  await teacher.waitForURL(`**/lessons/${lessonId}/report`);
  await teacher.getByTestId('expression-chart').waitFor();

  // The talk band: the teacher's voice in the teacher's segments, the second voice in the students'.
  const stretches = await teacher.getByTestId('talk-segments').locator('li').evaluateAll((items) =>
    items.map((li) => ({ start: Number(li.getAttribute('data-start')), end: Number(li.getAttribute('data-end')), who: li.getAttribute('data-who') })),
  );
  for (const segment of LABELLED_SEGMENTS) {
    const overlap = (code: string) =>
      stretches.filter((s) => s.who === code).reduce((sum, s) => sum + Math.max(0, Math.min(s.end, segment.endS) - Math.max(s.start, segment.startS)), 0);
    const teacherS = overlap('t');
    const studentsS = overlap('s');
    if (segment.who === 'silence') assert.ok(teacherS + studentsS <= 2, `no one speaks in ${segment.startS}–${segment.endS} s (${teacherS} s teacher, ${studentsS} s students)`);
    else if (segment.who === 'teacher') assert.ok(teacherS >= 5 && teacherS > 3 * studentsS, `the teacher speaks in ${segment.startS}–${segment.endS} s (${teacherS} s, students ${studentsS} s)`);
    else assert.ok(studentsS >= 3 && studentsS > 3 * teacherS, `the students speak in ${segment.startS}–${segment.endS} s (${studentsS} s, teacher ${teacherS} s)`);
  }

  // The teacher's dominant expression (face and voice combined, as charted) in each labelled teacher segment.
  const timeline = (await (await teacher.request.get(`/api/lessons/${lessonId}/export/timeline.json`)).json()) as { seconds: Array<Record<string, number | string | null>> };
  for (const segment of LABELLED_SEGMENTS.filter((s) => s.who === 'teacher')) {
    const rows = timeline.seconds.filter((r) => Number(r.second) >= segment.startS + 1 && Number(r.second) < segment.endS - 1);
    const mean = (emotion: Emotion, side: string) => rows.reduce((sum, r) => sum + Number(r[`teacher_${side}_${emotion}`] ?? 0), 0) / rows.length;
    for (const side of ['combined', 'face']) {
      const dominant = EMOTIONS.reduce((best, e) => (mean(e, side) > mean(best, side) ? e : best), EMOTIONS[0]);
      assert.equal(dominant, segment.expression, `teacher ${side} in ${segment.startS}–${segment.endS} s: ${EMOTIONS.map((e) => `${e} ${mean(e, side).toFixed(2)}`).join(', ')}`);
    }
  }

  // A key moment seeks the video; the keyboard moves the playhead too.
  await teacher.waitForFunction(() => (document.querySelector('video')?.readyState ?? 0) >= 1, undefined, { timeout: 30_000 });
  const silence = teacher.getByTestId('key-moments').getByRole('button', { name: /No one speaks/ });
  await silence.waitFor();
  assert.equal(await teacher.evaluate(() => document.querySelector('video')!.currentTime), 0);
  await silence.click();
  const seekedTo = await teacher.evaluate(() => document.querySelector('video')!.currentTime);
  assert.ok(Math.abs(seekedTo - 50) <= 3, `the silence at 50 s: the video is at ${seekedTo} s`);
  // The picture there arrives (a Range request): the seek finishes with data at the new time.
  await teacher.waitForFunction(() => {
    const video = document.querySelector('video')!;
    return !video.seeking && video.readyState >= 2 && video.currentTime > 40;
  }, undefined, { timeout: 30_000 });
  await teacher.getByRole('slider', { name: /chart: move through the lesson/ }).first().focus();
  await teacher.keyboard.press('Home');
  assert.equal(await teacher.evaluate(() => document.querySelector('video')!.currentTime), 0);
  await teacher.getByTestId('playhead').getByText('0:00').waitFor();
  await screenshotAt(teacher, 'report', 1280);
  await screenshotAt(teacher, 'report', 768);
  await teacher.setViewportSize({ width: 1280, height: 900 });

  // The PDF of version 1 (printed by the render-report job once the run finished): title, indicators and page numbers, as many pages as pdfinfo counts.
  await until('version 1 to be printed', async () => (await listReportVersions(lessonId))[0]?.status === 'ready', 120_000);
  await teacher.reload();
  const [download] = await Promise.all([teacher.waitForEvent('download'), teacher.getByRole('link', { name: 'PDF (version 1)' }).click()]);
  const firstPdf = readFileSync((await download.path())!);
  const { text, pages } = pdfFacts(firstPdf, 'v1.pdf');
  for (const expected of ['Labelled lesson', 'Indicators', 'Students facing the front', 'Talk split', 'Key moments', 'No one speaks', 'Data quality', `Page 1 of ${pages}`, `Page ${pages} of ${pages}`]) {
    assert.ok(text.includes(expected), `"${expected}" in the PDF`);
  }
  const [v1] = await listReportVersions(lessonId);
  assert.equal(v1.version, 1);
  assert.equal(v1.reason, 'analysis');
  assert.equal(v1.pdfPages, pages);
  if (screenshotDir) {
    writeFileSync(path.join(screenshotDir, 'report-v1.pdf'), firstPdf);
    execFileSync('pdftoppm', ['-png', '-r', '70', path.join(work, 'v1.pdf'), path.join(screenshotDir, 'report-pdf-page')]);
  }

  // The teacher confirms their voice: version 2 is printed, version 1 stays as it was.
  await teacher.goto(`/lessons/${lessonId}`);
  await teacher.getByRole('button', { name: 'Yes, this is my voice' }).click();
  await teacher.getByText('You chose your voice on this page.').waitFor();
  let versions = await listReportVersions(lessonId);
  for (let i = 0; i < 120 && versions[0]?.status !== 'ready'; i++) {
    await new Promise((r) => setTimeout(r, 500));
    versions = await listReportVersions(lessonId);
  }
  assert.deepEqual(versions.map((v) => [v.version, v.reason, v.status]), [[2, 'teacher-voice', 'ready'], [1, 'analysis', 'ready']]);
  const againV1 = Buffer.from(await (await teacher.request.get(`/api/lessons/${lessonId}/reports/1/pdf`)).body());
  assert.equal(sha(againV1), sha(firstPdf), 'version 1 is byte-identical');
  assert.equal(versions[1].pdfSha256, sha(firstPdf));
  const v2 = await teacher.request.get(`/api/lessons/${lessonId}/reports/2/pdf`);
  assert.equal(v2.status(), 200);
  assert.match(pdfFacts(Buffer.from(await v2.body()), 'v2.pdf').text, /Teacher’s voice chosen/);
  await teacher.goto(`/lessons/${lessonId}/report?version=1`);
  await teacher.getByText(/You are looking at version 1/).waitFor();
  await teacher.getByTestId('report-versions').getByText('Teacher’s voice chosen').waitFor();
  await teacher.goto('/lessons?q=labelled');
  await teacher.getByTestId('archive').getByRole('link', { name: 'v2' }).waitFor();

  // A school in expression mode sees no emotion word on the page or in the CSV headers.
  const lesson = (await getLesson(lessonId))!;
  await saveSchoolSettings(lesson.schoolId, { wording: 'expression' });
  await teacher.goto(`/lessons/${lessonId}/report`);
  await teacher.getByRole('heading', { name: 'Expressions: teacher and students' }).waitFor();
  for (const details of await teacher.locator('details').all()) await details.evaluate((d) => ((d as HTMLDetailsElement).open = true));
  const pageText = await teacher.evaluate(() => document.body.innerText);
  assert.doesNotMatch(pageText, EMOTION_WORDS, 'report page text in expression mode');
  const csv = await (await teacher.request.get(`/api/lessons/${lessonId}/export/timeline.csv`)).text();
  assert.doesNotMatch(csv.split('\n')[0].replace(/_/g, ' '), EMOTION_WORDS, 'CSV header in expression mode');
  await saveSchoolSettings(lesson.schoolId, { wording: 'emotion' });
  assert.deepEqual(consoleErrors, [], 'no errors (and no refused content) in the browser console');
});
