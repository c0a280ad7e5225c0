import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PooledExample } from '@/research/ser/dataset';
import { speakerModelExamples, standardisedSplit, trainSvmOnSplit } from '@/research/ser/training';
import { gaussian, seededRandom } from '@/research/random';

/** Two speakers (offset voices) × two recording conditions × 7 labels × 4 clips; validation speaker far off. */
function corpus(): PooledExample[] {
  const random = seededRandom(11);
  const out: PooledExample[] = [];
  const speakers = [
    { speaker: 'a', split: 'train' as const, offset: 0, augmentations: ['clean', 'noise-20dB'] },
    { speaker: 'b', split: 'train' as const, offset: 1, augmentations: ['clean', 'noise-20dB'] },
    { speaker: 'v', split: 'validation' as const, offset: 50, augmentations: ['clean'] },
  ];
  let clip = 0;
  for (const { speaker, split, offset, augmentations } of speakers) {
    for (let label = 0; label < 7; label++) {
      for (let k = 0; k < 4; k++, clip++) {
        const base = Array.from({ length: 3 }, (_, d) => offset + (d === label % 3 ? 3 : 0) + (label >= 3 ? 2 * (label - 3) : 0) + 0.2 * gaussian(random));
        augmentations.forEach((augmentation, i) => out.push({ clip, augmentation, label, speaker, split, vector: Float32Array.from(base, (v) => v + 0.5 * i) }));
      }
    }
  }
  return out;
}

test('the standardisation is fitted on the training examples only, and the SVM is trained on the clean ones', () => {
  const examples = corpus();
  const split = standardisedSplit(examples);
  const train = examples.filter((e) => e.split === 'train');
  assert.equal(split.train.x.length, train.length);
  assert.equal(split.cleanTrain.x.length, train.filter((e) => e.augmentation === 'clean').length);
  assert.equal(split.validation.x.length, 28);
  const meanOfFirst = train.reduce((sum, e) => sum + e.vector[0], 0) / train.length;
  assert.ok(Math.abs(split.standardization.mean[0] - meanOfFirst) < 1e-9, 'validation vectors (offset 50) must not move the mean');
  assert.ok(split.validation.x.every((x) => x[0] > 10), 'validation stays far off in training units');
  const svm = trainSvmOnSplit({ ...split, validation: split.cleanTrain });
  assert.ok(svm.report.accuracy > 0.9, `SVM fits its own training set: ${svm.report.accuracy}`);
});

test('speaker-model examples are z-scored within each speaker and recording condition', () => {
  const inputs = speakerModelExamples(corpus());
  for (const speaker of ['a', 'b', 'v']) {
    for (const augmentation of ['clean', 'noise-20dB']) {
      const group = inputs.filter((e) => e.speaker === speaker && e.augmentation === augmentation);
      if (group.length === 0) continue;
      assert.equal(group[0].vector.length, 6, 'raw features, then their speaker z-scores');
      for (let d = 3; d < 6; d++) {
        const mean = group.reduce((sum, e) => sum + e.vector[d], 0) / group.length;
        assert.ok(Math.abs(mean) < 1e-5, `${speaker}/${augmentation} z-score ${d} has mean ${mean}`);
      }
    }
  }
  // The same clip under two conditions differs by a constant shift, which its group's z-score removes.
  const clean = inputs.find((e) => e.speaker === 'a' && e.augmentation === 'clean' && e.clip === 0)!;
  const noisy = inputs.find((e) => e.speaker === 'a' && e.augmentation === 'noise-20dB' && e.clip === 0)!;
  assert.notEqual(clean.vector[0], noisy.vector[0]);
  for (let d = 3; d < 6; d++) assert.ok(Math.abs(clean.vector[d] - noisy.vector[d]) < 1e-4);
});
