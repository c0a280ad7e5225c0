import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EMOTIONS } from '../../lib/analysis/emotions';
import { combine, faceWeight, soundFactor, voiceWeight } from '../../lib/results/fusion';

const one = (emotion: (typeof EMOTIONS)[number]) => EMOTIONS.map((e) => (e === emotion ? 1 : 0));

test('a clear face and a confident long speech piece share the estimate by their weights', () => {
  const face = { probabilities: one('happy'), weight: faceWeight(0.9, 1, 1) };
  const voice = { probabilities: one('sad'), weight: voiceWeight(0.6, 1, 30) };
  assert.equal(face.weight, 0.9);
  assert.equal(voice.weight, 0.6);
  const fused = combine(face, voice)!;
  assert.equal(fused.source, 'both');
  assert.equal(fused.probabilities[EMOTIONS.indexOf('happy')], 0.6);
  assert.equal(fused.probabilities[EMOTIONS.indexOf('sad')], 0.4);
});

test('a small or dark face, a short piece and a noisy room each count less', () => {
  assert.ok(faceWeight(0.2, 1, 1)! < faceWeight(0.8, 1, 1)!, 'low quality (small, blurred, dark) face');
  assert.equal(faceWeight(0.8, 1, 4), 0.2, 'one readable face of four visible students');
  assert.equal(faceWeight(0.8, 0, 3), 0, 'faces visible but none readable: no weight');
  assert.equal(faceWeight(null, 0, 0), null, 'no face at all');
  assert.ok(voiceWeight(0.8, 0.3, 20)! < voiceWeight(0.8, 1, 20)!, 'speech over a third of the second');
  assert.ok(voiceWeight(0.8, 1, 2)! < voiceWeight(0.8, 1, 20)!, 'noisy recording');
  assert.equal(soundFactor(25), 1);
  assert.equal(soundFactor(0), 0.25);
  assert.equal(soundFactor(-10), 0.25);
  assert.equal(soundFactor(null), 0.5);
  assert.equal(voiceWeight(null, 0, 20), null, 'silent group');
});

test('with one side missing the other stands alone, and says so', () => {
  const face = { probabilities: one('surprised'), weight: 0.5 };
  assert.deepEqual(combine(face, { probabilities: null, weight: null }), { probabilities: one('surprised'), source: 'face' });
  assert.deepEqual(combine({ probabilities: null, weight: null }, { probabilities: one('angry'), weight: 0.3 }), { probabilities: one('angry'), source: 'voice' });
  assert.deepEqual(combine({ probabilities: one('happy'), weight: 0 }, { probabilities: one('sad'), weight: 0.4 }), { probabilities: one('sad'), source: 'voice' }, 'a weightless face gives way');
  assert.equal(combine({ probabilities: null, weight: 0 }, { probabilities: null, weight: null }), null);
});
