import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EMOTIONS } from '../lib/analysis/emotions';
import { wordingFor } from '../lib/wording';

test('expression wording names every model output without an emotion word', () => {
  const wording = wordingFor('expression');
  const emotionWords = EMOTIONS.filter((e) => e !== 'neutral');
  const text = [wording.noun, wording.nounPlural, ...wording.labels.map((l) => l.label)].join(' ').toLowerCase();
  for (const word of emotionWords) assert.ok(!text.includes(word), `"${word}" appears in: ${text}`);
  assert.equal(new Set(wording.labels.map((l) => l.label)).size, EMOTIONS.length, 'one distinct word per output');
  assert.deepEqual(wording.labels.map((l) => l.id), [...EMOTIONS], 'in the order of the probability vectors');
  assert.match(wording.note ?? '', /not as inferred emotions/);
});

test('emotion wording uses the emotion names', () => {
  const wording = wordingFor('emotion');
  assert.deepEqual(wording.labels.map((l) => l.label), [...EMOTIONS]);
  assert.equal(wording.label('happy'), 'happy');
  assert.equal(wording.nounPlural, 'Emotions');
  assert.equal(wording.note, null);
});
