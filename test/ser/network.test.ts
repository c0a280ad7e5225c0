import { test } from 'node:test';
import assert from 'node:assert/strict';
import { initTensorflow, tf } from '@/lib/analysis/tf';
import { EMOTIONS } from '@/lib/analysis/emotions';
import { buildNetwork, DEFAULT_NETWORK_CONFIG, trainNetwork } from '@/research/ser/network';
import { gaussian, seededRandom } from '@/research/random';

test('an ensemble network outputs the mean of its members\' logits, and the members differ', async () => {
  await initTensorflow();
  const config = { ...DEFAULT_NETWORK_CONFIG, hidden: [8, 4], members: 3 };
  const { model, members } = buildNetwork(5, config);
  assert.equal(members.length, 3);
  const x = tf.tensor2d(Array.from({ length: 10 }, (_, i) => Math.sin(i)), [2, 5]);
  const memberLogits = members.map((layers) => layers.reduce((h, layer) => layer.apply(h) as tf.Tensor2D, x as tf.Tensor2D).arraySync());
  const output = (model.predict(x) as tf.Tensor2D).arraySync();
  assert.equal(output[0].length, EMOTIONS.length);
  for (let row = 0; row < 2; row++) {
    for (let c = 0; c < EMOTIONS.length; c++) {
      const mean = memberLogits.reduce((sum, logits) => sum + logits[row][c], 0) / 3;
      assert.ok(Math.abs(output[row][c] - mean) < 1e-5);
    }
  }
  assert.notDeepEqual(memberLogits[0], memberLogits[1]);
  tf.dispose(x);
});

/** Separable blobs per class in 6 dimensions. */
function blobs(seed: number) {
  const random = seededRandom(seed);
  const make = (n: number) => {
    const y = Array.from({ length: n }, (_, i) => i % EMOTIONS.length);
    const x = y.map((label) => Float32Array.from({ length: 6 }, (_, d) => (d === label % 6 ? 2 : 0) + (label === 6 ? 1 : 0) + 0.3 * gaussian(random)));
    return { x, y };
  };
  return [make(140), make(70)];
}
const SMALL_CONFIG = { ...DEFAULT_NETWORK_CONFIG, hidden: [16], members: 2, epochs: 30, batchSize: 16, learningRate: 1e-2 };

test('training is seeded: the same data and config give the same weights and history', async () => {
  await initTensorflow();
  const [train, validation] = blobs(3);
  const config = SMALL_CONFIG;
  const first = await trainNetwork(train, validation, config);
  const second = await trainNetwork(train, validation, config);
  assert.deepEqual(first.history, second.history);
  assert.deepEqual(first.model.getWeights().map((w) => Array.from(w.dataSync())), second.model.getWeights().map((w) => Array.from(w.dataSync())));
  assert.ok(first.report.accuracy > 0.8, `accuracy ${first.report.accuracy}`);
});

test('the kept weights are the moving average of the trained ones, and training leaves no tensors behind', async () => {
  await initTensorflow();
  const [train, validation] = blobs(5);
  const config = { ...SMALL_CONFIG, epochs: 3 };
  const before = tf.memory().numTensors;
  const plain = await trainNetwork(train, validation, { ...config, weightAverageDecay: 0 });
  const averaged = await trainNetwork(train, validation, { ...config, weightAverageDecay: 0.9 });
  const values = (m: typeof plain) => m.model.getWeights().map((w) => Array.from(w.dataSync()));
  assert.notDeepEqual(values(plain), values(averaged), 'same seed and batches, so only the averaging differs');
  plain.model.dispose();
  averaged.model.dispose();
  assert.equal(tf.memory().numTensors, before, 'once the models are disposed');
});
