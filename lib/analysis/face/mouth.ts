import type { LessonFaces } from './types';

type Point = [number, number];

/**
 * How open the mouth is, from the 68 iBUG landmarks: the mean gap between
 * the inner lips (points 61–67, 62–66, 63–65) over the distance between the
 * eye centres, so it does not depend on the face's size in the picture.
 * About 0 with closed lips, 0.1–0.2 while talking, 0.4 and more wide open.
 */
export function mouthOpening(landmarks: Point[]): number {
  const gap = (a: number, b: number) => Math.hypot(landmarks[a][0] - landmarks[b][0], landmarks[a][1] - landmarks[b][1]);
  const centre = (from: number, to: number): Point => {
    const points = landmarks.slice(from, to);
    return [points.reduce((s, p) => s + p[0], 0) / points.length, points.reduce((s, p) => s + p[1], 0) / points.length];
  };
  const [left, right] = [centre(36, 42), centre(42, 48)];
  const eyes = Math.hypot(left[0] - right[0], left[1] - right[1]);
  return eyes > 0 ? (gap(61, 67) + gap(62, 66) + gap(63, 65)) / 3 / eyes : 0;
}

/**
 * Every mouth reading of one lesson person, in time order: the evidence that
 * links this face to a voice (the voice stage correlates it with who speaks).
 */
export function mouthOpennessOf(faces: LessonFaces, personId: string): { t: number; open: number }[] {
  const person = faces.people.find((p) => p.id === personId);
  if (!person) return [];
  const trackIds = new Set(person.trackIds);
  return faces.tracks
    .filter((track) => trackIds.has(track.id))
    .flatMap((track) => track.observations.flatMap((o) => (o.mouth === null || o.mouth === undefined ? [] : [{ t: o.t, open: o.mouth }])))
    .sort((a, b) => a.t - b.t);
}

/** The mouth readings of the lesson's teacher face, only when that face is confirmed (enrolled photos or marked by the teacher). */
export function teacherMouthOpenness(faces: LessonFaces): { t: number; open: number }[] | undefined {
  return faces.teacher.confirmed && faces.teacher.personId ? mouthOpennessOf(faces, faces.teacher.personId) : undefined;
}
