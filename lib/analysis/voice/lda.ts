/**
 * Linear discriminant analysis: directions that maximise between-speaker over
 * within-speaker variance (generalised eigenproblem Sb v = λ Sw v, solved by
 * Cholesky-whitening Sw and a Jacobi eigen-decomposition). Rows are scaled
 * by how discriminative each direction is (see below).
 */
export function fitLda(rows: Float64Array[], labels: number[], dims: number): number[][] {
  const d = rows[0].length;
  const classes = new Map<number, Float64Array[]>();
  rows.forEach((row, i) => {
    const list = classes.get(labels[i]) ?? [];
    list.push(row);
    classes.set(labels[i], list);
  });
  const globalMean = meanOf(rows, d);
  const sw = new Float64Array(d * d);
  const sb = new Float64Array(d * d);
  for (const members of classes.values()) {
    const mean = meanOf(members, d);
    for (const row of members) addOuter(sw, row, mean, 1);
    addOuter(sb, mean, globalMean, members.length);
  }
  for (let i = 0; i < d; i++) sw[i * d + i] += 1e-6 * rows.length;
  const l = cholesky(sw, d);
  // M = L⁻¹ Sb L⁻ᵀ
  const a = new Float64Array(d * d);
  for (let j = 0; j < d; j++) {
    const column = solveLower(l, d, Array.from({ length: d }, (_, i) => sb[i * d + j]));
    for (let i = 0; i < d; i++) a[i * d + j] = column[i];
  }
  const m = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    const row = solveLower(l, d, Array.from({ length: d }, (_, j) => a[i * d + j]));
    for (let j = 0; j < d; j++) m[i * d + j] = row[j];
  }
  const { values, vectors } = jacobiEigen(m, d);
  const order = Array.from(values.keys()).sort((x, y) => values[y] - values[x]).slice(0, dims);
  // Back to the original space (v = L⁻ᵀ u), each direction scaled by sqrt(λ / (1 + λ)) so weakly
  // discriminative directions do not weigh as much as strong ones in distances.
  return order.map((k) => {
    const scale = Math.sqrt(Math.max(values[k], 0) / (1 + Math.max(values[k], 0)));
    return solveUpperTransposed(l, d, Array.from({ length: d }, (_, i) => vectors[i * d + k])).map((w) => w * scale);
  });
}

function meanOf(rows: Float64Array[], d: number): Float64Array {
  const mean = new Float64Array(d);
  for (const row of rows) for (let i = 0; i < d; i++) mean[i] += row[i] / rows.length;
  return mean;
}

function addOuter(target: Float64Array, x: Float64Array, mean: Float64Array, weight: number): void {
  const d = x.length;
  for (let i = 0; i < d; i++) {
    const xi = x[i] - mean[i];
    for (let j = 0; j < d; j++) target[i * d + j] += weight * xi * (x[j] - mean[j]);
  }
}

function cholesky(a: Float64Array, d: number): Float64Array {
  const l = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i * d + j];
      for (let k = 0; k < j; k++) sum -= l[i * d + k] * l[j * d + k];
      l[i * d + j] = i === j ? Math.sqrt(Math.max(sum, 1e-12)) : sum / l[j * d + j];
    }
  }
  return l;
}

function solveLower(l: Float64Array, d: number, b: number[]): number[] {
  const x = new Array<number>(d).fill(0);
  for (let i = 0; i < d; i++) {
    let sum = b[i];
    for (let k = 0; k < i; k++) sum -= l[i * d + k] * x[k];
    x[i] = sum / l[i * d + i];
  }
  return x;
}

function solveUpperTransposed(l: Float64Array, d: number, b: number[]): number[] {
  const x = new Array<number>(d).fill(0);
  for (let i = d - 1; i >= 0; i--) {
    let sum = b[i];
    for (let k = i + 1; k < d; k++) sum -= l[k * d + i] * x[k];
    x[i] = sum / l[i * d + i];
  }
  return x;
}

function jacobiEigen(input: Float64Array, d: number): { values: number[]; vectors: Float64Array } {
  const a = Float64Array.from(input);
  const v = new Float64Array(d * d);
  for (let i = 0; i < d; i++) v[i * d + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < d; p++) for (let q = p + 1; q < d; q++) off += a[p * d + q] ** 2;
    if (off < 1e-18) break;
    for (let p = 0; p < d; p++) {
      for (let q = p + 1; q < d; q++) {
        const apq = a[p * d + q];
        if (Math.abs(apq) < 1e-15) continue;
        const theta = (a[q * d + q] - a[p * d + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < d; k++) {
          const akp = a[k * d + p];
          const akq = a[k * d + q];
          a[k * d + p] = c * akp - s * akq;
          a[k * d + q] = s * akp + c * akq;
        }
        for (let k = 0; k < d; k++) {
          const apk = a[p * d + k];
          const aqk = a[q * d + k];
          a[p * d + k] = c * apk - s * aqk;
          a[q * d + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < d; k++) {
          const vkp = v[k * d + p];
          const vkq = v[k * d + q];
          v[k * d + p] = c * vkp - s * vkq;
          v[k * d + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  return { values: Array.from({ length: d }, (_, i) => a[i * d + i]), vectors: v };
}
