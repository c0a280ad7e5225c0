import { nearestDistance } from './descriptors';
import { IDENTITY_THRESHOLD } from './people';
import type { FaceTrack, Person, TeacherChoice } from './types';
import { roundTo } from '../../round';

/** The enrolled person: the one whose descriptor is nearest the teacher's reference photos, if nearer than the threshold. */
export function matchEnrolledTeacher(people: Person[], teacherDescriptors: number[][], threshold = IDENTITY_THRESHOLD): TeacherChoice | null {
  let best: { person: Person; distance: number } | null = null;
  for (const person of people) {
    if (!person.descriptor) continue;
    const distance = nearestDistance(person.descriptor, teacherDescriptors);
    if (distance < threshold && (!best || distance < best.distance)) best = { person, distance };
  }
  if (!best) return null;
  return {
    personId: best.person.id,
    method: 'enrolled',
    confirmed: true,
    evidence: roundTo(best.distance, 3),
    explanation: `matches the enrolled reference photos at descriptor distance ${best.distance.toFixed(3)} (threshold ${threshold})`,
  };
}

/**
 * Without enrolment: teachers are on camera for much of the lesson, usually
 * nearer the camera than the class (larger faces) and standing apart from
 * the seated group. Score = share of analysed frames visible × median face
 * size relative to the largest person's × (0.5 + 0.5 × share of their
 * frames in which no other face is within 2.5 of their face sizes; seated
 * neighbours sit 1.5–2 face widths apart). Unconfirmed.
 */
export function guessTeacher(people: Person[], tracks: FaceTrack[], framesAnalysed: number, frameWidth: number, frameHeight: number): TeacherChoice {
  if (people.length === 0 || framesAnalysed === 0) {
    return { personId: null, method: 'none', confirmed: false, evidence: null, explanation: 'no readable faces to choose from' };
  }
  const trackOwner = new Map<string, string>();
  for (const p of people) for (const id of p.trackIds) trackOwner.set(id, p.id);
  const byTime = new Map<number, Array<{ owner: string | undefined; cx: number; cy: number; size: number }>>();
  for (const track of tracks)
    for (const o of track.observations) {
      const list = byTime.get(o.t) ?? [];
      // In analysed-frame pixels, so horizontal and vertical distances compare.
      list.push({
        owner: trackOwner.get(track.id),
        cx: (o.box[0] + o.box[2] / 2) * frameWidth,
        cy: (o.box[1] + o.box[3] / 2) * frameHeight,
        size: o.sizePx,
      });
      byTime.set(o.t, list);
    }
  const apartFrames = new Map<string, number>();
  const seenFrames = new Map<string, number>();
  for (const faces of byTime.values())
    for (const face of faces) {
      if (!face.owner) continue;
      seenFrames.set(face.owner, (seenFrames.get(face.owner) ?? 0) + 1);
      const apart = faces.every((other) => other === face || Math.hypot(other.cx - face.cx, other.cy - face.cy) > 2.5 * face.size);
      if (apart) apartFrames.set(face.owner, (apartFrames.get(face.owner) ?? 0) + 1);
    }
  const largest = Math.max(...people.map((p) => p.medianSizePx));
  let best = { id: people[0].id, score: -1 };
  for (const p of people) {
    const seen = seenFrames.get(p.id) ?? 0;
    const presence = Math.min(1, seen / framesAnalysed);
    const apartness = seen ? (apartFrames.get(p.id) ?? 0) / seen : 0;
    const score = presence * (p.medianSizePx / largest) * (0.5 + 0.5 * apartness);
    if (score > best.score) best = { id: p.id, score };
  }
  return {
    personId: best.id,
    method: 'heuristic',
    confirmed: false,
    evidence: roundTo(best.score, 3),
    explanation: 'unconfirmed guess: visible longest among the largest faces, standing apart from the others',
  };
}
