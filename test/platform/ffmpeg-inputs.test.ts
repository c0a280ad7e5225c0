import assert from 'node:assert/strict';
import { test } from 'node:test';
import { photoInput, recordingInput, startTool } from '../../lib/media/ffmpeg';

test('ffmpeg and ffprobe are never started on an input without a protocol and format whitelist', async () => {
  assert.throws(() => startTool('ffprobe', ['-v', 'error', '-i', '/tmp/lesson.mp4']), /no protocol and format whitelist/);
  assert.throws(() => startTool('ffprobe', ['-v', 'error', '/tmp/lesson.mp4']), /must be given their input with -i/);
  assert.throws(() => startTool('ffmpeg', [...recordingInput('/tmp/a.mp4'), '-i', '/tmp/b.mp4', '-f', 'null', '-']), /b\.mp4 has no protocol/, 'every input, not only the first');
  const probe = startTool('ffprobe', ['-v', 'error', ...recordingInput('/nonexistent/lesson.mp4')]);
  assert.notEqual((await probe.exit).code, 0, 'a restricted input starts (and fails on a missing file)');
  assert.deepEqual(photoInput().slice(0, 2), ['-protocol_whitelist', 'pipe']);
  assert.deepEqual(recordingInput('/m/x.mp4').slice(-2), ['-i', 'file:/m/x.mp4']);
});
