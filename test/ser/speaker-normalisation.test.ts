import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normaliseSpeaker, SPEAKER_MODEL_FEATURE_NAMES, speakerModelInputsWithinGroups } from '@/lib/analysis/ser/speaker-normalisation';
import { POOLED_VECTOR_LENGTH } from '@/lib/analysis/audio';

test('normaliseSpeaker z-scores each feature over the speaker\'s own vectors; constant features become 0', () => {
  const vectors = [Float32Array.from([1, 10, 5]), Float32Array.from([3, 30, 5]), Float32Array.from([5, 20, 5])];
  const out = normaliseSpeaker(vectors);
  for (let d = 0; d < 3; d++) {
    const column = out.map((v) => v[d]);
    const mean = column.reduce((a, b) => a + b, 0) / column.length;
    assert.ok(Math.abs(mean) < 1e-6);
    const variance = column.reduce((a, b) => a + (b - mean) ** 2, 0) / column.length;
    assert.ok(Math.abs(variance - (d === 2 ? 0 : 1)) < 1e-5, `feature ${d} variance ${variance}`);
  }
  assert.deepEqual(Array.from(out[0]).map((v) => Number(v.toFixed(4))), [-1.2247, -1.2247, 0]);
});

test('speakerModelInputsWithinGroups appends each group\'s own z-scores to the raw vector and keeps item order', () => {
  assert.equal(SPEAKER_MODEL_FEATURE_NAMES.length, 2 * POOLED_VECTOR_LENGTH);
  // Two speakers whose registers differ by an offset and a scale: the raw halves differ, the normalised halves coincide.
  const items = [0, 1, 2, 3].flatMap((i) => [
    { speaker: 'low', vector: Float32Array.from([100 + i, 2 * i]) },
    { speaker: 'high', vector: Float32Array.from([200 + 3 * i, 5 + 2 * i]) },
  ]);
  const out = speakerModelInputsWithinGroups(items, (item) => item.speaker);
  assert.deepEqual(out.map((item) => item.speaker), items.map((item) => item.speaker));
  out.forEach((item, i) => {
    assert.equal(item.vector.length, 4);
    assert.deepEqual(Array.from(item.vector.subarray(0, 2)), Array.from(items[i].vector));
  });
  for (let i = 0; i < out.length; i += 2) {
    assert.deepEqual(Array.from(out[i].vector.subarray(2)).map((v) => v.toFixed(5)), Array.from(out[i + 1].vector.subarray(2)).map((v) => v.toFixed(5)));
  }
  assert.ok(out[0].vector[2] < 0 && out[6].vector[2] > 0);
});
