import { assignGreedy, continuity } from './boxes';
import { descriptorDistance, meanDescriptor } from './descriptors';
import { SAME_FACE_THRESHOLD } from './identity';
import type { FaceChunkResult, FaceTrack, Person } from './types';
import { roundTo } from '../../round';

/**
 * Descriptor distance under which two tracks (and a person and the
 * teacher's enrolled photos) are taken to be the same person: average
 * linkage of lesson-wide clustering. Chosen by `npm run eval:faces` on
 * composed calibration clips as the largest threshold at which clustering
 * merges no two people (models/face/metrics.json → thresholds.cluster):
 * people counted exactly in 5 of 8 clips there; from face-api's stock 0.6
 * on, two people are merged into one.
 */
export const IDENTITY_THRESHOLD = 0.59;

function joinTracks(a: FaceTrack, b: FaceTrack): FaceTrack {
  const descriptor =
    a.descriptor && b.descriptor
      ? meanDescriptor([a.descriptor, b.descriptor], [a.descriptorFrames, b.descriptorFrames])
      : (a.descriptor ?? b.descriptor);
  return {
    id: a.id,
    startS: Math.min(a.startS, b.startS),
    endS: Math.max(a.endS, b.endS),
    observations: [...a.observations, ...b.observations].sort((p, q) => p.t - q.t),
    descriptor,
    descriptorFrames: a.descriptorFrames + b.descriptorFrames,
    best: b.best.quality > a.best.quality ? b.best : a.best,
  };
}

/**
 * Joins tracks that run into a chunk border with the tracks that start at
 * it: same place (box continuity), no cut at the border and, when both have
 * descriptors, the same face (the identity check tracks get within a chunk).
 * Returns all tracks of all chunks, borders healed.
 */
export function joinChunkTracks(chunks: FaceChunkResult[], threshold = SAME_FACE_THRESHOLD): FaceTrack[] {
  const sorted = [...chunks].sort((a, b) => a.startS - b.startS);
  let carried: FaceTrack[] = [];
  const done: FaceTrack[] = [];
  sorted.forEach((chunk, c) => {
    const interval = 1 / chunk.fps;
    const aspect = chunk.frameWidth / Math.max(1, chunk.frameHeight);
    const previousEnd = c > 0 ? sorted[c - 1].endS : -Infinity;
    const cutAtBorder = (chunk.cuts ?? []).some((t) => t < chunk.startS + interval / 2);
    const contiguous = Math.abs(chunk.startS - previousEnd) < interval && !cutAtBorder;
    // Tracks seen in the last two frames of the previous chunk may continue; the rest are finished.
    const ending = contiguous ? carried.filter((t) => t.endS >= previousEnd - 2.5 * interval) : [];
    done.push(...carried.filter((t) => !ending.includes(t)));
    const starting = chunk.tracks.filter((t) => t.startS <= chunk.startS + 1.5 * interval);
    const scores = ending.map((a) =>
      starting.map((b) => {
        const place = continuity(a.observations[a.observations.length - 1].box, b.observations[0].box, aspect);
        if (place === 0) return 0;
        if (a.descriptor && b.descriptor && descriptorDistance(a.descriptor, b.descriptor) >= threshold) return 0;
        return place;
      }),
    );
    const joined = new Map<FaceTrack, FaceTrack>();
    for (const [ai, bi] of assignGreedy(scores)) joined.set(starting[bi], ending[ai]);
    done.push(...ending.filter((t) => ![...joined.values()].includes(t)));
    carried = chunk.tracks.map((t) => {
      const earlier = joined.get(t);
      return earlier ? joinTracks(earlier, t) : t;
    });
  });
  return [...done, ...carried].sort((a, b) => a.startS - b.startS || a.id.localeCompare(b.id, 'en', { numeric: true }));
}

function overlapInTime(a: FaceTrack, b: FaceTrack): boolean {
  if (a.endS < b.startS || b.endS < a.startS) return false;
  const times = new Set(a.observations.map((o) => o.t));
  return b.observations.some((o) => times.has(o.t));
}

/**
 * Average-linkage agglomerative clustering of track descriptors, never
 * joining two tracks seen in the same frame (one person cannot be two faces
 * at once). Tracks never readable (no descriptor) are left out: they still
 * count as faces in the per-second figures, but cannot be told apart.
 */
export function clusterTracks(tracks: FaceTrack[], threshold = IDENTITY_THRESHOLD): FaceTrack[][] {
  const described = tracks.filter((t) => t.descriptor);
  const clusters = described.map((t) => [t]);
  const n = clusters.length;
  const distance: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  const conflict: boolean[][] = Array.from({ length: n }, () => new Array<boolean>(n).fill(false));
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      distance[i][j] = distance[j][i] = descriptorDistance(described[i].descriptor!, described[j].descriptor!);
      conflict[i][j] = conflict[j][i] = overlapInTime(described[i], described[j]);
    }
  const alive = new Array<boolean>(n).fill(true);
  for (;;) {
    let best = threshold;
    let bi = -1;
    let bj = -1;
    for (let i = 0; i < n; i++) {
      if (!alive[i]) continue;
      for (let j = i + 1; j < n; j++)
        if (alive[j] && !conflict[i][j] && distance[i][j] < best) {
          best = distance[i][j];
          bi = i;
          bj = j;
        }
    }
    if (bi < 0) break;
    const ni = clusters[bi].length;
    const nj = clusters[bj].length;
    for (let k = 0; k < n; k++) {
      if (!alive[k] || k === bi || k === bj) continue;
      distance[bi][k] = distance[k][bi] = (ni * distance[bi][k] + nj * distance[bj][k]) / (ni + nj);
      conflict[bi][k] = conflict[k][bi] = conflict[bi][k] || conflict[bj][k];
    }
    clusters[bi].push(...clusters[bj]);
    alive[bj] = false;
  }
  return clusters.filter((_, i) => alive[i]);
}

/** Builds lesson-local people (P1, P2, … by first appearance) from clusters of tracks. */
export function describePeople(clusters: FaceTrack[][], fps: number): Person[] {
  const interval = 1 / fps;
  return clusters
    .map((tracks) => {
      const times = [...new Set(tracks.flatMap((t) => t.observations.map((o) => o.t)))].sort((a, b) => a - b);
      const ranges: Array<[number, number]> = [];
      for (const t of times) {
        const last = ranges[ranges.length - 1];
        if (last && t - last[1] <= 2 * interval + 1e-6) last[1] = t + interval;
        else ranges.push([t, t + interval]);
      }
      const sizes = tracks.flatMap((t) => t.observations.map((o) => o.sizePx)).sort((a, b) => a - b);
      const withDescriptor = tracks.filter((t) => t.descriptor);
      return {
        id: '',
        trackIds: tracks.map((t) => t.id),
        descriptor: withDescriptor.length
          ? meanDescriptor(
              withDescriptor.map((t) => t.descriptor!),
              withDescriptor.map((t) => t.descriptorFrames),
            )
          : null,
        visibleS: roundTo(times.length * interval, 3),
        ranges: ranges.map(([a, b]) => [roundTo(a, 3), roundTo(b, 3)] as [number, number]),
        medianSizePx: sizes[Math.floor(sizes.length / 2)] ?? 0,
        best: tracks.reduce((b, t) => (t.best.quality > b.quality ? t.best : b), tracks[0].best),
      };
    })
    .sort((a, b) => a.ranges[0][0] - b.ranges[0][0])
    .map((p, i) => ({ ...p, id: `P${i + 1}` }));
}
