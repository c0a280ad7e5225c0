import { roundTo } from '../../round';
/** Euclidean distance between 128-d face descriptors (what face-api's recognition net is trained for). */
export function descriptorDistance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i] - b[i]) ** 2;
  return Math.sqrt(sum);
}

/** Weighted mean descriptor (weights: number of frames behind each). */
export function meanDescriptor(descriptors: number[][], weights?: number[]): number[] {
  const out = new Array<number>(descriptors[0].length).fill(0);
  let total = 0;
  descriptors.forEach((d, k) => {
    const w = weights?.[k] ?? 1;
    total += w;
    for (let i = 0; i < d.length; i++) out[i] += d[i] * w;
  });
  return out.map((v) => roundTo(v / total, 5));
}

/** Smallest distance from a descriptor to any of a set (e.g. a teacher's enrolment photos). */
export function nearestDistance(descriptor: number[], references: number[][]): number {
  let best = Infinity;
  for (const r of references) best = Math.min(best, descriptorDistance(descriptor, r));
  return best;
}
