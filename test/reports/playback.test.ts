import assert from 'node:assert/strict';
import { createWriteStream, readFileSync } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { test } from 'node:test';
import { makePlaybackCopy, playbackKind } from '../../lib/media/playback';
import { probeMedia } from '../../lib/media/probe';
import { requestedRange } from '../../lib/storage/response';
import { generateRecording, scratchDir } from '../helpers/fixtures';

async function copyOf(source: string): Promise<{ file: string; facts: NonNullable<Awaited<ReturnType<typeof probeMedia>>> }> {
  const facts = (await probeMedia(source))!;
  const file = path.join(scratchDir(), playbackKind(facts.video).name);
  await makePlaybackCopy({
    location: source,
    streams: facts,
    durationS: facts.durationSeconds,
    store: (body) => pipeline(body, createWriteStream(file)),
  });
  return { file, facts: (await probeMedia(file))! };
}

/** With +faststart the index (moov) comes before the media data (mdat), so playback and seeking start at once. */
function indexFirst(file: string): boolean {
  const head = readFileSync(file);
  return head.indexOf('moov') >= 0 && head.indexOf('moov') < head.indexOf('mdat');
}

test('an HEVC Matroska recording at 1080p becomes H.264/AAC MP4 at 720p with its index first', async () => {
  const source = generateRecording(path.join(scratchDir(), 'phone.mkv'), { seconds: 3, size: '1920x1080', extra: ['-c:v', 'libx265', '-preset', 'ultrafast', '-x265-params', 'log-level=error'] });
  const { file, facts } = await copyOf(source);
  assert.equal(facts.container.split(',')[0], 'mov');
  assert.equal(facts.video?.codec, 'h264');
  assert.deepEqual([facts.video?.width, facts.video?.height], [1280, 720]);
  assert.equal(facts.audio?.codec, 'aac');
  assert.ok(Math.abs(facts.durationSeconds - 3) < 0.2, `duration ${facts.durationSeconds}`);
  assert.ok(indexFirst(file));
});

test('a portrait phone video keeps its shape with the short side at most 720 px; a small one is not enlarged', async () => {
  const portrait = generateRecording(path.join(scratchDir(), 'portrait.mp4'), { seconds: 2, size: '1080x1920' });
  const tall = await copyOf(portrait);
  assert.deepEqual([tall.facts.video?.width, tall.facts.video?.height], [720, 1280]);
  const small = await copyOf(generateRecording(path.join(scratchDir(), 'small.avi'), { seconds: 2, size: '320x240', extra: ['-c:v', 'mpeg4'] }));
  assert.deepEqual([small.facts.video?.width, small.facts.video?.height], [320, 240]);
  assert.equal(small.facts.video?.codec, 'h264');
});

test('an H.264 recording of 720 p or less keeps its picture as it is (only the sound is encoded again)', async () => {
  const source = generateRecording(path.join(scratchDir(), 'camera.mov'), { seconds: 2, size: '1280x720', extra: ['-c:a', 'pcm_s16le'] });
  const before = (await probeMedia(source))!;
  const { file, facts } = await copyOf(source);
  assert.deepEqual([facts.video?.codec, facts.video?.width, facts.video?.height], ['h264', 1280, 720]);
  assert.equal(facts.audio?.codec, 'aac');
  assert.ok(indexFirst(file));
  assert.ok(Math.abs(facts.durationSeconds - before.durationSeconds) < 0.2);
});

test('a sound-only recording becomes AAC in MP4', async () => {
  const { file, facts } = await copyOf(generateRecording(path.join(scratchDir(), 'talk.wav'), { seconds: 2, video: false, extra: ['-c:a', 'pcm_s16le'] }));
  assert.equal(path.basename(file), 'playback.m4a');
  assert.equal(facts.video, null);
  assert.equal(facts.audio?.codec, 'aac');
  assert.ok(indexFirst(file));
});

test('Range headers: one range, open and suffix ranges, and the ones that cannot be served', () => {
  assert.deepEqual(requestedRange('bytes=0-99', 1000), { start: 0, end: 99 });
  assert.deepEqual(requestedRange('bytes=500-', 1000), { start: 500, end: 999 });
  assert.deepEqual(requestedRange('bytes=-100', 1000), { start: 900, end: 999 });
  assert.deepEqual(requestedRange('bytes=900-5000', 1000), { start: 900, end: 999 });
  assert.equal(requestedRange('bytes=1000-', 1000), 'unsatisfiable');
  assert.equal(requestedRange(null, 1000), null);
  assert.equal(requestedRange('bytes=0-1,5-9', 1000), null, 'several ranges: the whole file');
  assert.equal(requestedRange('items=0-1', 1000), null);
});
