import { nearestDistance } from './descriptors';
import { IDENTITY_THRESHOLD } from './people';
import type { FaceChunkResult, FaceTrack, LessonFaces, StudentFaceReading, TeacherOnly } from './types';

/** How many of `tracks` were seen on each analysed frame, added to `counts` ([t, n] pairs, ordered by t). */
function countFaces(tracks: FaceTrack[], counts: TeacherOnly['counts'] = []): TeacherOnly['counts'] {
  const byTime = new Map(counts);
  for (const track of tracks) for (const o of track.observations) byTime.set(o.t, (byTime.get(o.t) ?? 0) + 1);
  return [...byTime.entries()].sort((a, b) => a[0] - b[0]);
}

/**
 * Teacher-only analysis of one chunk, before anything is stored: tracks whose
 * descriptor matches the teacher's reference photos are kept; every other
 * face becomes at most a count per frame ('count-only') or nothing ('off').
 * Without reference photos no face can be known to be the teacher's, so none
 * is kept. Only the chunk's counts leave the worker, never a student's face data.
 */
export function keepTeacherTracks(chunk: FaceChunkResult, reading: Exclude<StudentFaceReading, 'read'>, teacherDescriptors: number[][], threshold = IDENTITY_THRESHOLD): FaceChunkResult {
  const isTeacher = (t: FaceTrack) => !!t.descriptor && teacherDescriptors.length > 0 && nearestDistance(t.descriptor, teacherDescriptors) < threshold;
  const others = chunk.tracks.filter((t) => !isTeacher(t));
  return {
    ...chunk,
    tracks: chunk.tracks.filter(isTeacher),
    teacherOnly: { reading, counts: reading === 'count-only' ? countFaces(others, chunk.teacherOnly?.counts) : [] },
  };
}

/**
 * Teacher-only analysis of the merged lesson: only the teacher found by their
 * reference photos stays a person; every other track is folded into the
 * counts (or dropped). Never the heuristic guess: a face that merely looks
 * like the teacher's role may be a student's.
 */
export function keepOnlyTeacher(lesson: LessonFaces, reading: Exclude<StudentFaceReading, 'read'>, hadReferences: boolean): LessonFaces {
  const teacher = lesson.teacher.method === 'enrolled' ? lesson.people.find((p) => p.id === lesson.teacher.personId) : undefined;
  const kept = new Set(teacher?.trackIds ?? []);
  const others = lesson.tracks.filter((t) => !kept.has(t.id));
  return {
    ...lesson,
    tracks: lesson.tracks.filter((t) => kept.has(t.id)),
    people: teacher ? [teacher] : [],
    teacher: teacher
      ? lesson.teacher
      : {
          personId: null,
          method: 'none',
          confirmed: false,
          evidence: null,
          explanation: hadReferences
            ? 'only the teacher’s face is read at this school, and the teacher’s reference photos matched no face'
            : 'only the teacher’s face is read at this school, and without reference photos on the teacher’s profile no face can be known to be theirs',
        },
    teacherOnly: { reading, counts: reading === 'count-only' ? countFaces(others, lesson.teacherOnly?.counts) : [] },
  };
}
