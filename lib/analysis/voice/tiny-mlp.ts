/**
 * A one-hidden-layer network with a sigmoid output: the voice-activity
 * classifier. Inputs are standardised with the training mean/std stored
 * alongside the weights (JSON in models/voice/).
 */
export interface TinyMlpWeights {
  inputMean: number[];
  inputStd: number[];
  /** hidden × inputs, row-major. */
  w1: number[];
  b1: number[];
  w2: number[];
  b2: number;
}

export function mlpProbability(weights: TinyMlpWeights, input: ArrayLike<number>, scratch: Float64Array): number {
  const inputs = weights.inputMean.length;
  const hidden = weights.b1.length;
  for (let h = 0; h < hidden; h++) {
    let sum = weights.b1[h];
    const row = h * inputs;
    for (let i = 0; i < inputs; i++) sum += weights.w1[row + i] * ((input[i] - weights.inputMean[i]) / weights.inputStd[i]);
    scratch[h] = Math.tanh(sum);
  }
  let out = weights.b2;
  for (let h = 0; h < hidden; h++) out += weights.w2[h] * scratch[h];
  return 1 / (1 + Math.exp(-out));
}
