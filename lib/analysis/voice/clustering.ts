/**
 * Agglomerative clustering with average linkage on Euclidean distance (the
 * speaker-embedding space is within-speaker whitened by the LDA, so plain
 * distances are comparable), weighted by how much speech each item holds. Stopping rule: merging stops when the
 * closest pair of clusters is farther apart than `maxDistance` — the number
 * of speakers is never fixed in advance.
 */
export interface ClusterItem {
  vector: number[];
  weight: number;
}

/** Returns a cluster index per item, clusters numbered 0.. by first appearance. */
export function agglomerativeClusters(items: ClusterItem[], maxDistance: number): number[] {
  const n = items.length;
  if (n === 0) return [];
  const distance = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const d = euclidean(items[i].vector, items[j].vector);
      distance[i * n + j] = d;
      distance[j * n + i] = d;
    }
  }
  const weight = items.map((item) => Math.max(item.weight, 1e-6));
  const alive = new Array<boolean>(n).fill(true);
  const owner = Array.from({ length: n }, (_, i) => i);
  for (;;) {
    let best = Infinity;
    let a = -1;
    let b = -1;
    for (let i = 0; i < n; i++) {
      if (!alive[i]) continue;
      for (let j = i + 1; j < n; j++) {
        if (alive[j] && distance[i * n + j] < best) {
          best = distance[i * n + j];
          a = i;
          b = j;
        }
      }
    }
    if (a < 0 || best > maxDistance) break;
    // Lance–Williams update for weighted average linkage.
    const wa = weight[a];
    const wb = weight[b];
    for (let k = 0; k < n; k++) {
      if (!alive[k] || k === a || k === b) continue;
      const d = (wa * distance[a * n + k] + wb * distance[b * n + k]) / (wa + wb);
      distance[a * n + k] = d;
      distance[k * n + a] = d;
    }
    weight[a] = wa + wb;
    alive[b] = false;
    for (let i = 0; i < n; i++) if (owner[i] === b) owner[i] = a;
  }
  const renumber = new Map<number, number>();
  return owner.map((root) => {
    if (!renumber.has(root)) renumber.set(root, renumber.size);
    return renumber.get(root)!;
  });
}

export function euclidean(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i] - b[i]) ** 2;
  return Math.sqrt(sum);
}

/** Weighted mean of vectors. */
export function weightedMean(vectors: ArrayLike<number>[], weights: number[]): number[] {
  const out = new Array<number>(vectors[0]?.length ?? 0).fill(0);
  const total = weights.reduce((sum, w) => sum + w, 0) || 1;
  vectors.forEach((vector, k) => {
    for (let i = 0; i < out.length; i++) out[i] += (weights[k] * vector[i]) / total;
  });
  return out;
}
