import { deltaBic, logDeterminant, mergeGaussians, type SpeakerGaussian } from './speaker-gaussian';

/**
 * Agglomerative BIC clustering of speech pieces (each a full-covariance
 * Gaussian, see speaker-gaussian.ts): repeatedly merge the two clusters whose
 * ΔBIC is lowest, the merged cluster's Gaussian being the exact pooled one.
 * Stopping rule: stop when every remaining pair has ΔBIC ≥ 0 — the number of
 * speakers is never fixed in advance. Pieces with fewer than `minFrames`
 * frames carry too little for a covariance; they join, after clustering, the
 * cluster with which their ΔBIC is lowest (or form one when nothing else
 * exists).
 */
/** BIC penalty weight (λ) of speaker clustering, chosen on lessons of the RAVDESS train actors (npm run eval:audio -- --split train). */
export const CLUSTER_PENALTY = 2;
/** Pieces shorter than this (~0.8 s) are too short for a covariance of their own when clustering. */
export const MIN_CLUSTER_FRAMES = 50;

export interface BicClusteringOptions {
  /** Weight of the BIC model-size penalty (λ). */
  penalty: number;
  minFrames: number;
}

/** Returns a cluster index per item, clusters numbered 0.. by first appearance. */
export function bicClusters(items: SpeakerGaussian[], options: BicClusteringOptions): number[] {
  const long = items.flatMap((g, i) => (g.frames >= options.minFrames ? [i] : []));
  const seeds = long.length > 0 ? long : items.map((_, i) => i);
  const owner = new Map<number, number>();
  const models = seeds.map((i) => items[i]);
  const logDets = models.map(logDeterminant);
  const n = models.length;
  const alive = new Array<boolean>(n).fill(true);
  const root = seeds.map((_, k) => k);
  const cost = new Float64Array(n * n).fill(Infinity);
  for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) cost[a * n + b] = cost[b * n + a] = deltaBic(models[a], models[b], options.penalty, logDets[a], logDets[b]);
  const nearest = new Int32Array(n);
  const rowBest = (a: number) => {
    let best = -1;
    for (let b = 0; b < n; b++) if (b !== a && alive[b] && (best < 0 || cost[a * n + b] < cost[a * n + best])) best = b;
    nearest[a] = best;
  };
  for (let a = 0; a < n; a++) rowBest(a);
  for (;;) {
    let a = -1;
    for (let k = 0; k < n; k++) if (alive[k] && nearest[k] >= 0 && (a < 0 || cost[k * n + nearest[k]] < cost[a * n + nearest[a]])) a = k;
    if (a < 0 || cost[a * n + nearest[a]] >= 0) break;
    const b = nearest[a];
    models[a] = mergeGaussians(models[a], models[b]);
    logDets[a] = logDeterminant(models[a]);
    alive[b] = false;
    for (let k = 0; k < n; k++) if (root[k] === b) root[k] = a;
    for (let k = 0; k < n; k++) {
      if (!alive[k] || k === a) continue;
      cost[a * n + k] = cost[k * n + a] = deltaBic(models[a], models[k], options.penalty, logDets[a], logDets[k]);
    }
    for (let k = 0; k < n; k++) if (alive[k] && (k === a || nearest[k] === a || nearest[k] === b || cost[k * n + a] < cost[k * n + nearest[k]])) rowBest(k);
  }
  seeds.forEach((item, k) => owner.set(item, root[k]));
  const clusters = [...new Set(root)];
  items.forEach((g, i) => {
    if (owner.has(i)) return;
    let best = clusters[0];
    let bestCost = Infinity;
    for (const c of clusters) {
      const value = deltaBic(g, models[c], options.penalty, logDeterminant(g), logDets[c]);
      if (value < bestCost) {
        bestCost = value;
        best = c;
      }
    }
    owner.set(i, best);
  });
  const renumber = new Map<number, number>();
  return items.map((_, i) => {
    const cluster = owner.get(i)!;
    if (!renumber.has(cluster)) renumber.set(cluster, renumber.size);
    return renumber.get(cluster)!;
  });
}
