import type { FaceTrack, LessonFaces, RelativeBox } from '../face/types';
import { BlurPlan, type FaceSightings } from './plan';

/** A sighting is the teacher's when at least this share of it lies inside the teacher's box at that moment. */
const TEACHER_OVERLAP = 0.5;

function insideShare(box: RelativeBox, region: RelativeBox): number {
  const w = Math.max(0, Math.min(box[0] + box[2], region[0] + region[2]) - Math.max(box[0], region[0]));
  const h = Math.max(0, Math.min(box[1] + box[3], region[1] + region[3]) - Math.max(box[1], region[1]));
  const area = box[2] * box[3];
  return area > 0 ? (w * h) / area : 0;
}

/** The analysis's sightings of its teacher (their tracks' boxes), and of every other face it kept. */
export function sightingsOf(faces: LessonFaces | null): { teacher: FaceSightings[]; others: FaceSightings[] } {
  if (!faces) return { teacher: [], others: [] };
  const teacherTracks = new Set(faces.people.find((p) => p.id === faces.teacher.personId)?.trackIds ?? []);
  const teacher: FaceSightings[] = [];
  const others: FaceSightings[] = [];
  for (const track of faces.tracks) (teacherTracks.has(track.id) ? teacher : others).push(track.observations.map(({ t, box }) => ({ t, box })));
  return { teacher, others };
}

/** The teacher's place is held this long before their first and after their last sighting in a shot (they move little in half a second). */
const TEACHER_HOLD_S = 0.5;

/**
 * Splits the blur pass's sightings into the teacher's and everyone else's,
 * one sighting at a time: a sighting is the teacher's when most of it lies
 * where the analysis saw the teacher at that moment (their boxes, bridged
 * between its 1-frame/s samples and held for half a second). Not by whole
 * track: a follower can carry a track across a cut from the teacher onto a
 * student who appears in the same place. A sighting the analysis cannot vouch
 * for is blurred: a doubt costs the teacher a moment of blur, never a student
 * their privacy.
 */
export function splitTeacherSightings(tracks: FaceTrack[], teacher: FaceSightings[], analysedFps: number): { teacher: FaceSightings[]; others: FaceSightings[] } {
  const teacherAt = new BlurPlan(teacher, { margin: 0, holdS: TEACHER_HOLD_S, maxGapS: 1.01 / analysedFps });
  const result = { teacher: [] as FaceSightings[], others: [] as FaceSightings[] };
  for (const track of tracks) {
    const mine: FaceSightings = [];
    const theirs: FaceSightings = [];
    for (const { t, box } of track.observations) {
      const onTeacher = teacherAt.regionsAt(t).some((region) => insideShare(box, region) >= TEACHER_OVERLAP);
      (onTeacher ? mine : theirs).push({ t, box });
    }
    if (mine.length) result.teacher.push(mine);
    if (theirs.length) result.others.push(theirs);
  }
  return result;
}
