import { iou } from './boxes';
import type { FaceTrack, LessonFaces, RelativeBox } from './types';

/** Where a face was at one analysed frame: what an exclusion keeps of a person, instead of anything biometric. */
export type FacePosition = { t: number; box: RelativeBox };

/** A track is the excluded person's when at least this share of its sightings fall on their positions. */
const EXCLUDED_SHARE = 0.5;
const SAME_PLACE_IOU = 0.5;

/**
 * The teacher excluded a person: their tracks and their entry leave the
 * lesson (the per-second figures derived afterwards no longer count them);
 * the other people keep their ids. Returns the lesson without them and where
 * they were, so a re-run of the same recording can leave them out again.
 */
export function withoutPerson(lesson: LessonFaces, personId: string): { faces: LessonFaces; positions: FacePosition[] } {
  const person = lesson.people.find((p) => p.id === personId);
  if (!person) throw new Error(`no person ${personId} in this lesson`);
  if (lesson.teacher.personId === personId) throw new Error(`${personId} is the teacher`);
  const theirs = new Set(person.trackIds);
  const positions = lesson.tracks.filter((t) => theirs.has(t.id)).flatMap((t) => t.observations.map(({ t: at, box }) => ({ t: at, box })));
  return {
    faces: { ...lesson, tracks: lesson.tracks.filter((t) => !theirs.has(t.id)), people: lesson.people.filter((p) => p.id !== personId) },
    positions,
  };
}

/** The tracks that are not an excluded person's: a track sitting where they were, at the same moments, is theirs (a re-run of the same recording finds the same faces). */
export function dropExcludedTracks(tracks: FaceTrack[], positions: FacePosition[]): FaceTrack[] {
  if (positions.length === 0) return tracks;
  const byTime = new Map<number, RelativeBox[]>();
  for (const p of positions) byTime.set(Math.round(p.t * 1000), [...(byTime.get(Math.round(p.t * 1000)) ?? []), p.box]);
  return tracks.filter((track) => {
    const onThem = track.observations.filter((o) => (byTime.get(Math.round(o.t * 1000)) ?? []).some((box) => iou(box, o.box) >= SAME_PLACE_IOU)).length;
    return onThem < EXCLUDED_SHARE * track.observations.length;
  });
}
