import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { saveReferenceVoice } from '../../lib/biometrics/reference-voice';
import { MAX_VOICE_SAMPLE_BYTES } from '../../lib/biometrics/limits';

test('a voice sample over the size limit is refused while it streams, whatever the client announced', async () => {
  const chunk = Buffer.alloc(1024 * 1024);
  let sent = 0;
  const body = new Readable({
    read() {
      sent += chunk.length;
      this.push(sent > 4 * MAX_VOICE_SAMPLE_BYTES ? null : chunk);
    },
  });
  assert.deepEqual(await saveReferenceVoice('00000000-0000-0000-0000-000000000000', body), { status: 413, error: 'The sample must be under 50 MB.' });
  assert.ok(sent < MAX_VOICE_SAMPLE_BYTES + 16 * chunk.length, `read ${sent} bytes before refusing`);
});
