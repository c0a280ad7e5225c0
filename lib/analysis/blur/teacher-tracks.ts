import type { FaceTrack, LessonFaces, RelativeBox } from '../face/types';
import { BlurPlan, lastAtOrBefore, type FaceSightings } from './plan';

/** The teacher's place is held this long before their first and after their last sighting in a shot (they move little in half a second). */
const TEACHER_HOLD_S = 0.5;
/** A sighting is a candidate for the teacher's face when its centre is within this many face sizes of the teacher's box. */
const TEACHER_REACH = 1;

/** The analysis's sightings of its teacher (their tracks' boxes), and of every other face it kept. */
export function sightingsOf(faces: LessonFaces | null): { teacher: FaceSightings[]; others: FaceSightings[] } {
  if (!faces) return { teacher: [], others: [] };
  const teacherTracks = new Set(faces.people.find((p) => p.id === faces.teacher.personId)?.trackIds ?? []);
  const teacher: FaceSightings[] = [];
  const others: FaceSightings[] = [];
  for (const track of faces.tracks) (teacherTracks.has(track.id) ? teacher : others).push(track.observations.map(({ t, box }) => ({ t, box })));
  return { teacher, others };
}

/** How far a box's centre is from a region's, in the region's widths and heights. */
function reach(box: RelativeBox, region: RelativeBox): number {
  const dx = (box[0] + box[2] / 2 - (region[0] + region[2] / 2)) / region[2];
  const dy = (box[1] + box[3] / 2 - (region[1] + region[3] / 2)) / region[3];
  return Math.hypot(dx, dy);
}

/** A track cut at every cut of the picture: a follower can carry a track from the teacher onto a student who appears in the same place. */
function shots(track: FaceTrack, cuts: number[]): FaceSightings[] {
  const pieces = new Map<number, FaceSightings>();
  for (const { t, box } of track.observations) {
    const shot = lastAtOrBefore(cuts, t, (c) => c);
    pieces.set(shot, [...(pieces.get(shot) ?? []), { t, box }]);
  }
  return [...pieces.values()];
}

/**
 * Splits the blur pass's faces into the teacher's and everyone else's. Each
 * track is cut into its shots; at every moment where the analysis saw the
 * teacher (their boxes, bridged between its 1-frame/s samples and held for
 * half a second within the shot), the sighting nearest the teacher's box —
 * within a face's size — votes for the teacher, every other sighting then
 * against; a piece is the teacher's when most of its votes say so. A piece
 * without votes (the analysis never saw the teacher then) is blurred: a doubt
 * costs the teacher a moment of blur, never a student their privacy.
 */
export function splitTeacherSightings(tracks: FaceTrack[], teacher: FaceSightings[], options: { analysedFps: number; cuts: number[] }): { teacher: FaceSightings[]; others: FaceSightings[] } {
  const teacherAt = new BlurPlan(teacher, { margin: 0, holdS: TEACHER_HOLD_S, maxGapS: 1.01 / options.analysedFps, cuts: options.cuts });
  const pieces = tracks.flatMap((track) => shots(track, options.cuts));
  const votes = pieces.map(() => ({ for: 0, against: 0 }));
  const byTime = new Map<number, Array<{ piece: number; box: RelativeBox }>>();
  pieces.forEach((piece, k) => {
    for (const { t, box } of piece) byTime.set(t, [...(byTime.get(t) ?? []), { piece: k, box }]);
  });
  for (const [t, seen] of byTime) {
    const regions = teacherAt.regionsAt(t);
    if (regions.length === 0) continue;
    const chosen = new Set<number>();
    for (const region of regions) {
      let best = -1;
      for (let i = 0; i < seen.length; i++) if (reach(seen[i].box, region) < TEACHER_REACH && (best < 0 || reach(seen[i].box, region) < reach(seen[best].box, region))) best = i;
      if (best >= 0) chosen.add(best);
    }
    seen.forEach((s, i) => (chosen.has(i) ? votes[s.piece].for++ : votes[s.piece].against++));
  }
  const result = { teacher: [] as FaceSightings[], others: [] as FaceSightings[] };
  pieces.forEach((piece, k) => (votes[k].for > votes[k].against ? result.teacher : result.others).push(piece));
  return result;
}
