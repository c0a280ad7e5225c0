import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { test } from 'node:test';
import { decodeAudio } from '../../lib/analysis/audio/decode';
import { VOICE_MODEL_DIR } from '../../lib/analysis/voice/models';
import { cosine, loadSpeakerEncoder } from '../../lib/analysis/voice/speaker-encoder';
import { hasSharedData, NEEDS_SHARED_DATA, SHARED_DATA } from '../helpers/fixtures';

interface Reference {
  clips: { clip: string; samples: number; embedding: number[] }[];
}
const reference = JSON.parse(readFileSync(new URL('../fixtures/voice/speaker-encoder-reference.json', import.meta.url), 'utf8')) as Reference;

test('the ONNX speaker encoder reproduces the original package embeddings (cosine ≥ 0.999)', { skip: !hasSharedData && NEEDS_SHARED_DATA }, async () => {
  const encoder = await loadSpeakerEncoder();
  for (const { clip, samples, embedding } of reference.clips) {
    const pcm = await decodeAudio(path.join(SHARED_DATA, clip));
    assert.equal(pcm.length, samples, `${clip} decodes to the samples the reference was computed on`);
    const ours = await encoder.embedUtterance(pcm);
    const similarity = cosine(ours, embedding);
    assert.ok(similarity >= 0.999, `${clip}: cosine ${similarity.toFixed(5)} to the reference`);
  }
});

test('the model card lists the checksums of the shipped encoder files', () => {
  const card = readFileSync(path.join(VOICE_MODEL_DIR, 'README.md'), 'utf8');
  for (const name of ['speaker-mel.onnx', 'speaker-encoder.onnx']) {
    const sha = createHash('sha256').update(readFileSync(path.join(VOICE_MODEL_DIR, name))).digest('hex');
    assert.ok(card.includes(sha), `${name} (sha256 ${sha}, ${statSync(path.join(VOICE_MODEL_DIR, name)).size} bytes) is listed in models/voice/README.md`);
  }
});
