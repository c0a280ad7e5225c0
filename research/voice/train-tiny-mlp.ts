import type { TinyMlpWeights } from '../../lib/analysis/voice/tiny-mlp';
import { gaussian, seededRandom } from '../random';

export interface MlpTrainingOptions {
  hidden: number;
  epochs: number;
  learningRate: number;
  seed: number;
}

/** Trains with Adam on binary cross-entropy, mini-batches of 64, shuffled each epoch. */
export function trainTinyMlp(rows: Float32Array[], labels: Uint8Array, options: MlpTrainingOptions): TinyMlpWeights {
  const random = seededRandom(options.seed);
  const inputs = rows[0].length;
  const { hidden } = options;
  const inputMean = new Array<number>(inputs).fill(0);
  const inputStd = new Array<number>(inputs).fill(0);
  for (const row of rows) for (let i = 0; i < inputs; i++) inputMean[i] += row[i] / rows.length;
  for (const row of rows) for (let i = 0; i < inputs; i++) inputStd[i] += (row[i] - inputMean[i]) ** 2 / rows.length;
  for (let i = 0; i < inputs; i++) inputStd[i] = Math.sqrt(inputStd[i]) || 1;

  const params = new Float64Array(hidden * inputs + hidden + hidden + 1);
  for (let p = 0; p < hidden * inputs; p++) params[p] = gaussian(random) / Math.sqrt(inputs);
  for (let h = 0; h < hidden; h++) params[hidden * inputs + hidden + h] = gaussian(random) / Math.sqrt(hidden);
  const b1At = hidden * inputs;
  const w2At = b1At + hidden;
  const b2At = w2At + hidden;
  const grad = new Float64Array(params.length);
  const m = new Float64Array(params.length);
  const v = new Float64Array(params.length);
  const x = new Float64Array(inputs);
  const a = new Float64Array(hidden);
  let step = 0;
  const order = Array.from(rows.keys());
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    for (let start = 0; start < order.length; start += 64) {
      grad.fill(0);
      const end = Math.min(order.length, start + 64);
      for (let k = start; k < end; k++) {
        const row = rows[order[k]];
        for (let i = 0; i < inputs; i++) x[i] = (row[i] - inputMean[i]) / inputStd[i];
        let out = params[b2At];
        for (let h = 0; h < hidden; h++) {
          let sum = params[b1At + h];
          for (let i = 0; i < inputs; i++) sum += params[h * inputs + i] * x[i];
          a[h] = Math.tanh(sum);
          out += params[w2At + h] * a[h];
        }
        const delta = 1 / (1 + Math.exp(-out)) - labels[order[k]];
        grad[b2At] += delta;
        for (let h = 0; h < hidden; h++) {
          grad[w2At + h] += delta * a[h];
          const dh = delta * params[w2At + h] * (1 - a[h] * a[h]);
          grad[b1At + h] += dh;
          for (let i = 0; i < inputs; i++) grad[h * inputs + i] += dh * x[i];
        }
      }
      step++;
      const scale = 1 / (end - start);
      for (let p = 0; p < params.length; p++) {
        const g = grad[p] * scale;
        m[p] = 0.9 * m[p] + 0.1 * g;
        v[p] = 0.999 * v[p] + 0.001 * g * g;
        const mHat = m[p] / (1 - 0.9 ** step);
        const vHat = v[p] / (1 - 0.999 ** step);
        params[p] -= (options.learningRate * mHat) / (Math.sqrt(vHat) + 1e-8);
      }
    }
  }
  return {
    inputMean,
    inputStd,
    w1: Array.from(params.subarray(0, b1At)),
    b1: Array.from(params.subarray(b1At, w2At)),
    w2: Array.from(params.subarray(w2At, b2At)),
    b2: params[b2At],
  };
}
