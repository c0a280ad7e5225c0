import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { hasSharedData, NEEDS_SHARED_DATA, scratchDir, SHARED_DATA } from '../test/helpers/fixtures';
import { getDb } from '../lib/db/client';
import { voiceTemplates } from '../lib/db/schema';
import { startApp, type RunningApp } from './helpers/app';
import { launchBrowser, signInPage } from './helpers/browser';
import { sessionCookie } from './helpers/http';

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

test('a teacher enrols a face photo on their profile; only a descriptor is kept unless they ask', { skip: !hasSharedData && NEEDS_SHARED_DATA }, async () => {
  const folder = path.join(SHARED_DATA, 'faces/examples/sheldon');
  const photo = path.join(folder, readdirSync(folder).find((f) => /\.(jpe?g|png)$/i.test(f))!);
  const page = await signInPage(browser, app.url, 'alex.chen@riverside.example');
  await page.getByRole('link', { name: 'My profile' }).click();
  await page.getByTestId('face-enrolment').getByText('No reference photos yet.').waitFor();
  await page.getByLabel('Photos of your face').setInputFiles(photo);
  await page.getByRole('button', { name: 'Enrol photos' }).click();
  await page.getByTestId('face-enrolment').getByText('1 reference photo enrolled (descriptors only).').waitFor({ timeout: 120_000 });

  const noFace = path.join(scratchDir(), 'wall.png');
  execFileSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'color=c=gray:s=400x300', '-frames:v', '1', noFace]);
  await page.getByLabel('Photos of your face').setInputFiles(noFace);
  await page.getByRole('button', { name: 'Enrol photos' }).click();
  await page.getByRole('alert').getByText(/No face was found/).waitFor({ timeout: 60_000 });
  await page.getByTestId('face-enrolment').getByText('1 reference photo enrolled').waitFor();

  await page.getByRole('button', { name: 'Remove all' }).click();
  await page.getByTestId('face-enrolment').getByText('No reference photos yet.').waitFor();
});

test('a teacher enrols a 20–60 s voice sample; too short a sample is refused', { skip: !hasSharedData && NEEDS_SHARED_DATA }, async () => {
  const actor = path.join(SHARED_DATA, 'speech/ravdess/Actor_17');
  const clips = readdirSync(actor).filter((f) => f.endsWith('.flac')).slice(0, 9).map((f) => path.join(actor, f));
  const dir = scratchDir();
  const list = path.join(dir, 'list.txt');
  writeFileSync(list, clips.map((c) => `file '${c}'`).join('\n'));
  const sample = path.join(dir, 'sample.wav');
  execFileSync('ffmpeg', ['-v', 'error', '-f', 'concat', '-safe', '0', '-i', list, '-ac', '1', '-ar', '16000', sample]);
  const short = path.join(dir, 'short.wav');
  execFileSync('ffmpeg', ['-v', 'error', '-i', clips[0], short]);

  const cookie = (await sessionCookie(app.url, 'alex.chen@riverside.example'))!;
  const refused = await fetch(`${app.url}/api/profile/voice-sample`, { method: 'POST', headers: { Cookie: cookie }, body: readFileSync(short) });
  assert.equal(refused.status, 422);
  assert.match(((await refused.json()) as { error: string }).error, /record 20–60 s/);
  const accepted = await fetch(`${app.url}/api/profile/voice-sample`, { method: 'POST', headers: { Cookie: cookie }, body: readFileSync(sample) });
  assert.equal(accepted.status, 201, await accepted.text());

  const page = await signInPage(browser, app.url, 'alex.chen@riverside.example');
  await page.goto('/profile');
  await page.getByTestId('voice-enrolment').getByText(/Voice enrolled from a \d+ s sample\./).waitFor({ timeout: 60_000 });

  // A template made by an earlier voice model is not used, and the teacher is told to record again.
  await getDb().update(voiceTemplates).set({ modelVersion: 'earlier' });
  await page.reload();
  await page.getByTestId('voice-enrolment').getByText('Your voice sample was described by an earlier voice model, so it is not used to find your voice. Record it again.').waitFor();
});
