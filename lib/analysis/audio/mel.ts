/** HTK-style mel scale, triangular filters and the DCT that turns log band energies into cepstra. */

const toMel = (hz: number) => 2595 * Math.log10(1 + hz / 700);
const toHz = (mel: number) => 700 * (10 ** (mel / 2595) - 1);

/** Edges of `bands` mel bands over lowHz–highHz: band b spans edges[b]..edges[b + 2] and peaks at edges[b + 1]. */
export function melEdgesHz(bands: number, lowHz: number, highHz: number): number[] {
  const low = toMel(lowHz);
  const high = toMel(highHz);
  return Array.from({ length: bands + 2 }, (_, i) => toHz(low + ((high - low) * i) / (bands + 1)));
}

/** Triangular filters over lowHz–highHz, stored sparsely: band b weighs FFT bins start[b], start[b] + 1, … by weights[b]. */
export interface MelFilterBank {
  start: Int32Array;
  weights: Float64Array[];
}

export function melFilterBank(bands: number, bins: number, binHz: number, lowHz: number, highHz: number): MelFilterBank {
  const edges = melEdgesHz(bands, lowHz, highHz);
  const start = new Int32Array(bands);
  const weights: Float64Array[] = [];
  for (let b = 0; b < bands; b++) {
    const [left, centre, right] = [edges[b], edges[b + 1], edges[b + 2]];
    const first = Math.max(0, Math.ceil(left / binHz));
    const last = Math.min(bins - 1, Math.floor(right / binHz));
    const row = new Float64Array(Math.max(0, last - first + 1));
    for (let k = first; k <= last; k++) {
      const hz = k * binHz;
      row[k - first] = hz <= centre ? (hz - left) / (centre - left) : (right - hz) / (right - centre);
    }
    start[b] = first;
    weights.push(row);
  }
  return { start, weights };
}

/** Writes each band's weighted sum of `power` into out[b]. */
export function applyMelFilterBank(bank: MelFilterBank, power: Float64Array, out: Float64Array): void {
  for (let b = 0; b < bank.weights.length; b++) {
    const weights = bank.weights[b];
    const start = bank.start[b];
    let sum = 0;
    for (let k = 0; k < weights.length; k++) sum += weights[k] * power[start + k];
    out[b] = sum;
  }
}

/** Orthonormal DCT-II rows 0..count-1 over `size` inputs, row-major. */
export function dctMatrix(count: number, size: number): Float64Array {
  const matrix = new Float64Array(count * size);
  for (let c = 0; c < count; c++) {
    const scale = Math.sqrt((c === 0 ? 1 : 2) / size);
    for (let b = 0; b < size; b++) matrix[c * size + b] = scale * Math.cos((Math.PI * c * (b + 0.5)) / size);
  }
  return matrix;
}
