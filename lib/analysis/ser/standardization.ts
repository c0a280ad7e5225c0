/** Per-feature z-scoring fitted on training vectors; stored with the model. */
export interface Standardization {
  mean: number[];
  std: number[];
}

export function fitStandardization(vectors: Float32Array[]): Standardization {
  const dims = vectors[0].length;
  const mean = new Array<number>(dims).fill(0);
  const std = new Array<number>(dims).fill(0);
  for (const v of vectors) for (let d = 0; d < dims; d++) mean[d] += v[d] / vectors.length;
  for (const v of vectors) for (let d = 0; d < dims; d++) std[d] += (v[d] - mean[d]) ** 2 / vectors.length;
  // Constant features get unit scale instead of a division by zero.
  return { mean, std: std.map((s) => (s > 1e-12 ? Math.sqrt(s) : 1)) };
}

export function standardize(vector: Float32Array, { mean, std }: Standardization): Float32Array {
  if (vector.length !== mean.length) throw new Error(`vector has ${vector.length} features, standardization ${mean.length}`);
  return Float32Array.from(vector, (v, d) => (v - mean[d]) / std[d]);
}
