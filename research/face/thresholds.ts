import { analyseFaceChunk, mergeFaceChunks, type FaceChunkResult } from '@/lib/analysis/face';
import { descriptorDistance, meanDescriptor } from '@/lib/analysis/face/descriptors';
import type { FaceTrack } from '@/lib/analysis/face/types';
import { roundTo } from '@/lib/round';
import { buildComposedClip, clipDuration, type ComposedClip } from './composed-clips';
import type { FrameDescriptor } from './frame-descriptors';
import { identityOf, scoreClip } from './score-clips';

/**
 * Choosing the identity thresholds by measurement on composed calibration
 * clips (calibration-clips.ts: other people than the evaluation clips).
 */

export function distribution(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => roundTo(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))], 3);
  return { n: sorted.length, min: at(0), p1: at(0.01), p5: at(0.05), median: at(0.5), p95: at(0.95), p99: at(0.99), max: roundTo(sorted[sorted.length - 1], 3) };
}

/** Up to this many of a face's first frames stand for the stretch a new window is compared with (a window's first crops). */
const STRETCH_FRAMES = 3;

/**
 * SAME_FACE_THRESHOLD: what a track's identity check compares — one frame's
 * descriptor with the mean of the stretch before it. Same face: each frame
 * of a face within one camera shot against its previous frames. Swap: the
 * first frame of another person of the same clip against a face's first
 * frames. Chosen half-way between the largest same-face distance and the
 * smallest swap distance: a false split only makes two tracks that
 * clustering joins again, a missed swap makes one track of two people.
 */
export function chooseSameFaceThreshold(records: FrameDescriptor[]) {
  const faces = new Map<string, FrameDescriptor[]>();
  for (const r of records) {
    const key = `${r.clip}|${r.shot}|${r.name}`;
    faces.set(key, [...(faces.get(key) ?? []), r]);
  }
  const runs = [...faces.values()].map((frames) => frames.sort((a, b) => a.t - b.t));
  const same: number[] = [];
  for (const run of runs)
    for (let i = 1; i < run.length; i++) same.push(descriptorDistance(run[i].descriptor, meanDescriptor(run.slice(Math.max(0, i - STRETCH_FRAMES), i).map((r) => r.descriptor))));
  const swap: number[] = [];
  for (const a of runs)
    for (const b of runs)
      if (a[0].clip === b[0].clip && a[0].name !== b[0].name) swap.push(descriptorDistance(meanDescriptor(a.slice(0, STRETCH_FRAMES).map((r) => r.descriptor)), b[0].descriptor));
  const sameFace = distribution(same);
  const swaps = distribution(swap);
  return { sameFace, swaps, chosen: roundTo((sameFace.max + swaps.min) / 2, 2) };
}

function majorityIdentity(clip: ComposedClip, track: FaceTrack): string | null {
  const counts = new Map<string, number>();
  for (const o of track.observations) {
    const name = identityOf(clip, o.t, o.box);
    if (name) counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
}

/** The face stage on each calibration clip (one chunk each): the tracks clustering is then tried on. */
export async function calibrationChunks(clips: ComposedClip[]): Promise<Map<string, FaceChunkResult>> {
  const out = new Map<string, FaceChunkResult>();
  for (const clip of clips) out.set(clip.name, await analyseFaceChunk({ videoPath: buildComposedClip(clip), startS: 0, endS: clipDuration(clip) }));
  return out;
}

/**
 * IDENTITY_THRESHOLD: lesson-wide clustering of the calibration clips'
 * tracks at thresholds 0.40–0.70. A wrong merge is a person whose tracks
 * belong to different people (by their majority identity); chosen: the
 * largest threshold without one, since a merge (two students as one, a
 * student in the teacher's timeline) costs more than counting someone twice.
 */
export function chooseClusterThreshold(clips: ComposedClip[], chunks: Map<string, FaceChunkResult>) {
  const sweep: Array<{ threshold: number; wrongMerges: number; peopleCountExact: number; peopleCountError: number }> = [];
  for (let t = 0.4; t <= 0.7 + 1e-9; t += 0.01) {
    const threshold = roundTo(t, 2);
    let wrongMerges = 0;
    let exact = 0;
    let error = 0;
    for (const clip of clips) {
      const lesson = mergeFaceChunks([chunks.get(clip.name)!], { identityThreshold: threshold });
      for (const person of lesson.people) {
        const identities = new Set(lesson.tracks.filter((tr) => person.trackIds.includes(tr.id)).map((tr) => majorityIdentity(clip, tr)).filter(Boolean));
        if (identities.size > 1) wrongMerges++;
      }
      const score = scoreClip(clip, lesson);
      if (score.peopleFound === score.peopleShown) exact++;
      error += Math.abs(score.peopleFound - score.peopleShown);
    }
    sweep.push({ threshold, wrongMerges, peopleCountExact: exact, peopleCountError: error });
  }
  const clean = sweep.filter((s) => s.wrongMerges === 0);
  const chosen = clean.length ? clean[clean.length - 1].threshold : sweep[0].threshold;

  // Track-level distances behind it: the same person's tracks in different shots, and different people's tracks.
  const same: number[] = [];
  const different: number[] = [];
  for (const clip of clips) {
    const tracks = chunks
      .get(clip.name)!
      .tracks.filter((t) => t.descriptor)
      .map((t) => ({ t, name: majorityIdentity(clip, t) }))
      .filter((x) => x.name);
    for (let i = 0; i < tracks.length; i++)
      for (let j = i + 1; j < tracks.length; j++) (tracks[i].name === tracks[j].name ? same : different).push(descriptorDistance(tracks[i].t.descriptor!, tracks[j].t.descriptor!));
  }
  return { sweep, chosen, trackPairs: { samePerson: distribution(same), differentPeople: distribution(different) } };
}
