import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createReadStream, readdirSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import { eq } from 'drizzle-orm';
import { config } from '../../lib/config';
import { getDb } from '../../lib/db/client';
import { getLesson } from '../../lib/db/queries';
import { analysisRuns, mediaAssets, runStages } from '../../lib/db/schema';
import { receiveUpload } from '../../lib/lessons/upload';
import { useTestDatabase } from '../helpers/database';
import { demoSchool, generateRecording, HAMILTON_CLIP, hasSharedData, NEEDS_SHARED_DATA, scratchDir } from '../helpers/fixtures';

process.env.LESSONLENS_MEDIA_DIR ??= scratchDir('lessonlens-media-');
useTestDatabase();

function filesUnder(dir: string): string[] {
  try {
    return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name);
  } catch {
    return [];
  }
}

async function refuse(name: string, body: Buffer) {
  const { owner, newLesson } = await demoSchool();
  const lesson = await newLesson(`Refused ${name}`);
  const before = await getLesson(lesson.id);
  const result = await receiveUpload({ lessonId: lesson.id, uploadedBy: owner.id, originalName: name, body: Readable.from([body]) });
  assert.equal(result.accepted, false);
  const after = await getLesson(lesson.id);
  assert.deepEqual(after, before, 'the lesson is left as it was');
  assert.equal((await getDb().select().from(mediaAssets).where(eq(mediaAssets.lessonId, lesson.id))).length, 0);
  assert.equal((await getDb().select().from(analysisRuns).where(eq(analysisRuns.lessonId, lesson.id))).length, 0);
  assert.deepEqual(filesUnder(path.join(config.mediaDir, 'lessons', lesson.id)), [], 'nothing is left in storage');
  return result as { accepted: false; status: number; reason: string };
}

test('a text file renamed .mp4 is refused by content', async () => {
  const result = await refuse('lesson.mp4', Buffer.from('These are my lesson notes, not a video.\n'.repeat(200)));
  assert.equal(result.status, 422);
  assert.match(result.reason, /This is a text file, not a recording/);
});

test('a truncated MP4 is refused', { skip: !hasSharedData && NEEDS_SHARED_DATA }, async () => {
  const whole = await readFile(HAMILTON_CLIP);
  const result = await refuse('cut.mp4', whole.subarray(0, Math.floor(whole.length / 2)));
  assert.equal(result.status, 422);
  assert.match(result.reason, /could not read|cut off/);
});

test('a truncated MP4 whose index is at the front is refused as cut off', async () => {
  const dir = scratchDir();
  const file = generateRecording(path.join(dir, 'faststart.mp4'), { seconds: 20, extra: ['-movflags', '+faststart'] });
  const whole = await readFile(file);
  const result = await refuse('faststart.mp4', whole.subarray(0, Math.floor(whole.length * 0.6)));
  assert.equal(result.status, 422);
  assert.match(result.reason, /cut off/);
});

test('a zero-byte file is refused', async () => {
  const result = await refuse('empty.mp4', Buffer.alloc(0));
  assert.match(result.reason, /empty/);
});

test('a file without picture or sound is refused', async () => {
  const dir = scratchDir();
  const file = path.join(dir, 'subtitles.srt');
  writeFileSync(file, '1\n00:00:00,000 --> 00:00:02,000\nHello class\n');
  const result = await refuse('subtitles.mp4', await readFile(file));
  assert.equal(result.status, 422);
});

test('a real lesson clip is stored with its facts and starts an analysis run', { skip: !hasSharedData && NEEDS_SHARED_DATA }, async () => {
  const { owner, newLesson } = await demoSchool();
  const lesson = await newLesson('Accepted');
  const result = await receiveUpload({ lessonId: lesson.id, uploadedBy: owner.id, originalName: 'hamilton.mp4', body: createReadStream(HAMILTON_CLIP) });
  assert.equal(result.accepted, true);
  if (!result.accepted) return;
  const [asset] = await getDb().select().from(mediaAssets).where(eq(mediaAssets.id, result.mediaAssetId));
  assert.equal(asset.sizeBytes, (await readFile(HAMILTON_CLIP)).length);
  assert.equal(asset.sha256, createHash('sha256').update(await readFile(HAMILTON_CLIP)).digest('hex'));
  assert.equal(asset.video?.width, 640);
  assert.equal(asset.video?.height, 360);
  assert.equal(asset.audio?.codec, 'aac');
  assert.ok(asset.durationSeconds > 9 && asset.durationSeconds < 11);
  const updated = await getLesson(lesson.id);
  assert.equal(updated?.currentMediaId, asset.id);
  assert.equal(updated?.status, 'processing');
  const stages = await getDb().select().from(runStages).where(eq(runStages.runId, result.runId));
  assert.deepEqual(stages.map((s) => [s.stage, s.status]), [['probe', 'queued']]);
});

test('an audio-only recording is accepted; a recording over the length limit is not', async () => {
  const { owner, newLesson } = await demoSchool();
  const dir = scratchDir();
  const audioOnly = generateRecording(path.join(dir, 'voice.m4a'), { seconds: 3, video: false });
  const lesson = await newLesson('Audio only');
  const accepted = await receiveUpload({ lessonId: lesson.id, uploadedBy: owner.id, originalName: 'voice.m4a', body: createReadStream(audioOnly) });
  assert.equal(accepted.accepted, true);

  const { judgeRecording } = await import('../../lib/media/probe');
  const tooLong = await judgeRecording(audioOnly, 1000, 2);
  assert.equal(tooLong.usable, false);
  assert.match((tooLong as { reason: string }).reason, /Recordings up to 2 s long can be analysed, and this one is longer/);
});
