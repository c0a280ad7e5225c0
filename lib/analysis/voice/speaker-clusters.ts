import { cosine, meanOf, normalised } from './speaker-encoder';

/**
 * Lesson-wide speakers from voice-segment embeddings: agglomerative clustering with average linkage on cosine
 * similarity (weighted by speech time), merging the most similar pair of clusters until no pair is at least
 * `similarity` alike — the stopping rule that decides the number of speakers. Only clear segments seed the
 * clusters: at least MIN_SEED_SPEECH_S of speech standing at least MIN_SEED_SNR_DB above the local noise floor
 * (in classroom noise a quiet segment's embedding is mostly the noise: on the validation lessons at 10 dB,
 * same- vs different-speaker AUC 0.58 over all segments, 0.69 over these); the others join the most similar
 * centroid afterwards. With fewer than MIN_SEEDS clear segments the clearest MIN_SEEDS seed instead. Then every
 * segment is assigned to its most similar centroid (one refinement pass), and a voice with less than
 * MIN_VOICE_SPEECH_S of speech joins its most similar voice.
 */

/** Clusters less alike than this stay apart; chosen on train-actor lessons (npm run eval:audio -- --split train --cluster-similarity …). */
export const CLUSTER_SIMILARITY = 0.6;
export const MIN_SEED_SPEECH_S = 1;
/** A voice heard for less than this over the whole lesson is too little to stand apart (and too little to judge). */
export const MIN_VOICE_SPEECH_S = 5;
export const MIN_SEED_SNR_DB = 10;
const MIN_SEEDS = 4;

export interface VoiceItem {
  embedding: ArrayLike<number>;
  speechS: number;
  /** Speech over the local noise floor, dB. */
  snrDb: number;
}

export interface VoiceClusters {
  /** Cluster index per item, 0.. by descending speech time. */
  labels: number[];
  /** Normalised, speech-weighted mean embedding per cluster. */
  centroids: Float32Array[];
}

export function clusterVoices(items: VoiceItem[], similarity = CLUSTER_SIMILARITY): VoiceClusters {
  if (items.length === 0) return { labels: [], centroids: [] };
  const clear = items.flatMap((item, i) => (item.speechS >= MIN_SEED_SPEECH_S && item.snrDb >= MIN_SEED_SNR_DB ? [i] : []));
  const clearest = items.map((_, i) => i).sort((a, b) => items[b].snrDb + Math.min(items[b].speechS, 3) - items[a].snrDb - Math.min(items[a].speechS, 3));
  const seeds = clear.length >= MIN_SEEDS ? clear : clearest.slice(0, MIN_SEEDS);
  const members = seeds.map((i) => [i]);
  const n = members.length;
  const weight = members.map(([i]) => items[i].speechS);
  const alive = new Array<boolean>(n).fill(true);
  const sim = new Float64Array(n * n);
  for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) sim[a * n + b] = sim[b * n + a] = cosine(items[members[a][0]].embedding, items[members[b][0]].embedding);
  const nearest = new Int32Array(n).fill(-1);
  const rowBest = (a: number) => {
    let best = -1;
    for (let b = 0; b < n; b++) if (b !== a && alive[b] && (best < 0 || sim[a * n + b] > sim[a * n + best])) best = b;
    nearest[a] = best;
  };
  for (let a = 0; a < n; a++) rowBest(a);
  for (;;) {
    let a = -1;
    for (let k = 0; k < n; k++) if (alive[k] && nearest[k] >= 0 && (a < 0 || sim[k * n + nearest[k]] > sim[a * n + nearest[a]])) a = k;
    if (a < 0 || sim[a * n + nearest[a]] < similarity) break;
    const b = nearest[a];
    for (let k = 0; k < n; k++) {
      if (!alive[k] || k === a || k === b) continue;
      sim[a * n + k] = sim[k * n + a] = (weight[a] * sim[a * n + k] + weight[b] * sim[b * n + k]) / (weight[a] + weight[b]);
    }
    weight[a] += weight[b];
    members[a].push(...members[b]);
    alive[b] = false;
    for (let k = 0; k < n; k++) if (alive[k] && (k === a || nearest[k] === a || nearest[k] === b || sim[k * n + a] > sim[k * n + nearest[k]])) rowBest(k);
  }
  const groups = members.filter((_, k) => alive[k]);
  let centroids = groups.map((group) => centroidOf(items, group));
  // One refinement pass: every segment (seeds included) goes to its most similar centroid.
  const assigned = items.map((item) => mostSimilar(item.embedding, centroids));
  const used = [...new Set(assigned)];
  centroids = used.map((c) => centroidOf(items, items.flatMap((_, i) => (assigned[i] === c ? [i] : []))));
  let labels = items.map((item) => mostSimilar(item.embedding, centroids));
  // A voice heard for less than MIN_VOICE_SPEECH_S joins the most similar other voice.
  for (;;) {
    const speechOf = centroids.map((_, c) => items.reduce((sum, item, i) => sum + (labels[i] === c ? item.speechS : 0), 0));
    const live = centroids.map((_, c) => c).filter((c) => speechOf[c] > 0);
    const smallest = live.reduce((a, b) => (speechOf[b] < speechOf[a] ? b : a), live[0]);
    if (live.length < 2 || speechOf[smallest] >= MIN_VOICE_SPEECH_S) break;
    const others = live.filter((c) => c !== smallest);
    const into = others[mostSimilar(centroids[smallest], others.map((c) => centroids[c]))];
    labels = labels.map((c) => (c === smallest ? into : c));
    centroids[into] = centroidOf(items, items.flatMap((_, i) => (labels[i] === into ? [i] : [])));
  }
  // Renumber by descending speech time.
  const speech = centroids.map((_, c) => items.reduce((sum, item, i) => sum + (labels[i] === c ? item.speechS : 0), 0));
  const order = centroids.map((_, c) => c).filter((c) => speech[c] > 0).sort((a, b) => speech[b] - speech[a]);
  const rank = new Map(order.map((c, r) => [c, r]));
  return { labels: labels.map((c) => rank.get(c)!), centroids: order.map((c) => centroids[c]) };
}

function centroidOf(items: VoiceItem[], group: number[]): Float32Array {
  return normalised(meanOf(group.map((i) => items[i].embedding), group.map((i) => items[i].speechS)));
}

export function mostSimilar(embedding: ArrayLike<number>, centroids: ArrayLike<number>[]): number {
  let best = 0;
  let bestSimilarity = -Infinity;
  centroids.forEach((c, k) => {
    const s = cosine(embedding, c);
    if (s > bestSimilarity) {
      bestSimilarity = s;
      best = k;
    }
  });
  return best;
}
