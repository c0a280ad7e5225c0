import { iou } from '@/lib/analysis/face/boxes';
import type { LessonFaces, RelativeBox } from '@/lib/analysis/face/types';
import { truthAt, type ComposedClip } from './composed-clips';

/** Faces at least this big (clip pixels) for at least SHOWN_SECONDS count as a person shown: big enough to read and to tell apart. */
export const SHOWN_MIN_SIZE = 45;
const SHOWN_SECONDS = 2;
/** An observed box is the truth face it overlaps at least this much (pasted photos are tight crops; detector boxes sit inside them). */
const MATCH_IOU = 0.25;

/** Which truth identity each observed face is (null: none there), found by overlap at the same analysed time. */
export function identityOf(clip: ComposedClip, t: number, box: RelativeBox): string | null {
  let best: { name: string; overlap: number } | null = null;
  for (const face of truthAt(clip, t).faces) {
    const overlap = iou(face.box, box);
    if (overlap >= MATCH_IOU && (!best || overlap > best.overlap)) best = { name: face.name, overlap };
  }
  return best?.name ?? null;
}

/** Shots joined by `sameCamera` are one camera shot: the index of its first shot. */
function cameraShotOf(clip: ComposedClip, shot: number): number {
  while (shot > 0 && clip.shots[shot].sameCamera) shot--;
  return shot;
}

function majority(counts: Map<string, number>): { name: string | null; count: number } {
  let best: { name: string | null; count: number } = { name: null, count: 0 };
  for (const [name, count] of counts) if (count > best.count) best = { name, count };
  return best;
}

export interface ClipScore {
  clip: string;
  durationS: number;
  /** Hard cuts (shot changes that are not `sameCamera` swaps). */
  cuts: number;
  tracks: number;
  /** Tracks with observations in more than one shot: must be 0. */
  tracksAcrossCuts: number;
  /** Tracks whose matched observations belong to more than one identity. */
  impureTracks: number;
  peopleShown: number;
  peopleFound: number;
  /** People whose face-seconds are mostly not any shown face (false detections). */
  peopleNotShown: number;
  /** Σ over people of their majority identity's face-seconds / all matched face-seconds of people. */
  clusterPurity: number;
  /** Shown identities that are the main identity of more than one person (one person counted twice or more). */
  identitiesSplit: number;
  /** Readable face-seconds shown / found in some track. */
  faceSecondsShown: number;
  faceSecondsFound: number;
  /** person id → identity (majority) and purity, for reading the result. */
  people: Array<{ id: string; identity: string | null; purity: number; seconds: number }>;
}

export function scoreClip(clip: ComposedClip, faces: LessonFaces): ClipScore {
  const secondsOf = new Map<string, number>();
  let faceSecondsShown = 0;
  for (let t = 0; t < faces.framesAnalysed; t++)
    for (const face of truthAt(clip, faces.startS + t / faces.fps).faces) {
      if (face.sizePx < SHOWN_MIN_SIZE) continue;
      faceSecondsShown++;
      secondsOf.set(face.name, (secondsOf.get(face.name) ?? 0) + 1);
    }
  const shown = [...secondsOf].filter(([, s]) => s >= SHOWN_SECONDS * faces.fps).map(([name]) => name);

  const identityOfTrack = new Map<string, Map<string, number>>();
  let tracksAcrossCuts = 0;
  let impureTracks = 0;
  let faceSecondsFound = 0;
  for (const track of faces.tracks) {
    const shots = new Set(track.observations.map((o) => cameraShotOf(clip, truthAt(clip, o.t).shot)));
    if (shots.size > 1) tracksAcrossCuts++;
    const counts = new Map<string, number>();
    for (const o of track.observations) {
      const name = identityOf(clip, o.t, o.box);
      if (!name) continue;
      faceSecondsFound++;
      counts.set(name, (counts.get(name) ?? 0) + 1);
    }
    if (counts.size > 1) impureTracks++;
    identityOfTrack.set(track.id, counts);
  }

  let matched = 0;
  let majorityTotal = 0;
  let peopleNotShown = 0;
  const peopleOfIdentity = new Map<string, number>();
  const people = faces.people.map((person) => {
    const counts = new Map<string, number>();
    let unmatched = 0;
    for (const id of person.trackIds) {
      const track = faces.tracks.find((t) => t.id === id)!;
      const trackCounts = identityOfTrack.get(id)!;
      let trackMatched = 0;
      for (const [name, n] of trackCounts) {
        counts.set(name, (counts.get(name) ?? 0) + n);
        trackMatched += n;
      }
      unmatched += track.observations.length - trackMatched;
    }
    const top = majority(counts);
    const total = [...counts.values()].reduce((a, b) => a + b, 0);
    matched += total;
    majorityTotal += top.count;
    if (unmatched > total) peopleNotShown++;
    if (top.name) peopleOfIdentity.set(top.name, (peopleOfIdentity.get(top.name) ?? 0) + 1);
    return { id: person.id, identity: top.name, purity: total ? Math.round((top.count / total) * 1e4) / 1e4 : 0, seconds: total + unmatched };
  });
  return {
    clip: clip.name,
    durationS: faces.endS - faces.startS,
    cuts: clip.shots.slice(1).filter((s) => !s.sameCamera).length,
    tracks: faces.tracks.length,
    tracksAcrossCuts,
    impureTracks,
    peopleShown: shown.length,
    peopleFound: faces.people.length,
    peopleNotShown,
    clusterPurity: matched ? Math.round((majorityTotal / matched) * 1e4) / 1e4 : 1,
    identitiesSplit: shown.filter((name) => (peopleOfIdentity.get(name) ?? 0) > 1).length,
    faceSecondsShown,
    faceSecondsFound,
    people,
  };
}
