import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normaliseSpeaker, normaliseWithinGroups } from '@/lib/analysis/ser/speaker-normalisation';

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

test('normaliseWithinGroups uses each group\'s own statistics and keeps item order', () => {
  // Two speakers whose registers differ by an offset and a scale: after normalisation their vectors coincide.
  const items = [0, 1, 2, 3].flatMap((i) => [
    { speaker: 'low', vector: Float32Array.from([100 + i, 2 * i]) },
    { speaker: 'high', vector: Float32Array.from([200 + 3 * i, 5 + 2 * i]) },
  ]);
  const out = normaliseWithinGroups(items, (item) => item.speaker);
  assert.deepEqual(out.map((item) => item.speaker), items.map((item) => item.speaker));
  for (let i = 0; i < out.length; i += 2) {
    assert.deepEqual(Array.from(out[i].vector).map((v) => v.toFixed(5)), Array.from(out[i + 1].vector).map((v) => v.toFixed(5)));
  }
  assert.ok(out[0].vector[0] < 0 && out[6].vector[0] > 0);
  assert.notEqual(out[0].vector, items[0].vector, 'inputs are not modified in place');
});
