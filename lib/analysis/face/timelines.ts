import { EMOTIONS } from '../emotions';
import type { FaceObservation, LessonFaces } from './types';
import { roundTo } from '../../round';

/** One person, one entry per second of the lesson (index 0 = the lesson's first second). */
export interface PersonTimeline {
  personId: string;
  role: 'teacher' | 'student';
  visible: boolean[];
  /** Best face quality seen in that second; null when not visible. */
  quality: Array<number | null>;
  /** Mean expression probabilities (EMOTIONS order) over readable frames in that second; null when not readable. */
  expressions: Array<number[] | null>;
}

/** The lesson, one entry per second. */
export interface LessonTimeline {
  teacher: Array<number[] | null>;
  /** Mean over the readable student faces visible in that second (each face weighted equally). */
  students: Array<number[] | null>;
  /** Student faces visible (including ones too small to read, faces not assigned to any person, and faces only counted in a teacher-only analysis). */
  studentsVisible: number[];
  studentsReadable: number[];
  /** Mean best quality of the readable student faces in that second; null when none was readable. */
  studentsQuality: Array<number | null>;
  /** Student faces whose head pose was read in that second, and those of them facing the front (facesFront). */
  studentsPosed: number[];
  studentsFront: number[];
}

/**
 * A face "faces the front" when it is turned at most this far from the
 * camera, which in a classroom recording stands at the front: |yaw| ≤ 30°
 * (left/right) and |pitch| ≤ 20° (up/down). The head-pose estimate is good
 * to about ±10° (headPose.ts), so the bounds leave room for it; a student
 * writing in their notebook (pitch down by more than 20°) does not count.
 */
export const FRONT_MAX_YAW_DEG = 30;
export const FRONT_MAX_PITCH_DEG = 20;

function facesFront(pose: [number, number, number]): boolean {
  return Math.abs(pose[0]) <= FRONT_MAX_YAW_DEG && Math.abs(pose[1]) <= FRONT_MAX_PITCH_DEG;
}

/** A face counts as facing the front in a second when most of its posed frames in that second do. */
const frontInSecond = (p: { front: number; posed: number }) => p.front * 2 > p.posed;

/**
 * One person's seconds with a head pose, and those facing the front: the
 * attention indicator's base and count for a single face (a consented
 * student's own summary).
 */
export function personPoseSeconds(lesson: LessonFaces, personId: string): { posed: number; front: number } {
  const person = lesson.people.find((p) => p.id === personId);
  if (!person) return { posed: 0, front: 0 };
  const owned = new Set(person.trackIds);
  const bySecond = new Map<number, { front: number; posed: number }>();
  for (const track of lesson.tracks) {
    if (!owned.has(track.id)) continue;
    for (const o of track.observations) {
      if (!o.pose) continue;
      const s = Math.floor(o.t + 1e-6);
      const poses = bySecond.get(s) ?? { front: 0, posed: 0 };
      poses.posed++;
      if (facesFront(o.pose)) poses.front++;
      bySecond.set(s, poses);
    }
  }
  return { posed: bySecond.size, front: [...bySecond.values()].filter(frontInSecond).length };
}

export interface FaceTimelines {
  startS: number;
  seconds: number;
  teacherPersonId: string | null;
  people: PersonTimeline[];
  lesson: LessonTimeline;
}

function meanVector(vectors: number[][]): number[] | null {
  if (vectors.length === 0) return null;
  return EMOTIONS.map((_, i) => roundTo(vectors.reduce((s, v) => s + v[i], 0) / vectors.length, 4));
}

/**
 * Per-second timelines from the merged lesson. Cheap and pure: re-run it
 * with another teacherPersonId when the teacher marks which person is them.
 * At more than 1 frame/s, a second's figures pool its frames: a face counts
 * once per second, its expressions averaged.
 */
export function faceTimelines(lesson: LessonFaces, teacherPersonId: string | null): FaceTimelines {
  const startS = Math.floor(lesson.startS);
  const seconds = Math.max(0, Math.ceil(lesson.endS) - startS);
  const second = (t: number) => Math.min(seconds - 1, Math.floor(t + 1e-6) - startS);
  const ownerOf = new Map<string, string>();
  for (const p of lesson.people) for (const id of p.trackIds) ownerOf.set(id, p.id);

  const people: PersonTimeline[] = lesson.people.map((p) => ({
    personId: p.id,
    role: p.id === teacherPersonId ? 'teacher' : 'student',
    visible: new Array<boolean>(seconds).fill(false),
    quality: new Array<number | null>(seconds).fill(null),
    expressions: new Array<number[] | null>(seconds).fill(null),
  }));
  const timelineOf = new Map(people.map((t) => [t.personId, t]));
  const readingsBy = new Map<string, number[][][]>(people.map((t) => [t.personId, Array.from({ length: seconds }, () => [])]));
  // Student faces per second, keyed by track so one face counts once however many frames it appears in.
  const studentVisible = Array.from({ length: seconds }, () => new Set<string>());
  const studentReadings = Array.from({ length: seconds }, () => new Map<string, number[][]>());
  const studentQuality = Array.from({ length: seconds }, () => new Map<string, number>());
  // Per track and second: frames whose pose faced the front, and frames with a pose.
  const studentPoses = Array.from({ length: seconds }, () => new Map<string, { front: number; posed: number }>());

  for (const track of lesson.tracks) {
    const owner = ownerOf.get(track.id);
    const isTeacher = owner !== undefined && owner === teacherPersonId;
    for (const o of track.observations) {
      const s = second(o.t);
      if (s < 0) continue;
      if (owner) {
        const timeline = timelineOf.get(owner)!;
        timeline.visible[s] = true;
        timeline.quality[s] = Math.max(timeline.quality[s] ?? 0, o.quality);
        if (o.expressions) readingsBy.get(owner)![s].push(o.expressions);
      }
      if (isTeacher) continue;
      studentVisible[s].add(track.id);
      if (o.expressions) {
        const list = studentReadings[s].get(track.id) ?? [];
        list.push(o.expressions);
        studentReadings[s].set(track.id, list);
        studentQuality[s].set(track.id, Math.max(studentQuality[s].get(track.id) ?? 0, o.quality));
      }
      if (o.pose) {
        const poses = studentPoses[s].get(track.id) ?? { front: 0, posed: 0 };
        poses.posed++;
        if (facesFront(o.pose)) poses.front++;
        studentPoses[s].set(track.id, poses);
      }
    }
  }
  // Teacher-only analysis: faces that were only counted, one count per second (a second's frames see the same faces).
  const counted = new Array<number>(seconds).fill(0);
  for (const [t, n] of lesson.teacherOnly?.counts ?? []) {
    const s = second(t);
    if (s >= 0) counted[s] = Math.max(counted[s], n);
  }
  for (const timeline of people) {
    const readings = readingsBy.get(timeline.personId)!;
    timeline.expressions = readings.map(meanVector);
  }
  const teacherTimeline = teacherPersonId ? timelineOf.get(teacherPersonId) : undefined;
  return {
    startS,
    seconds,
    teacherPersonId: teacherTimeline ? teacherPersonId : null,
    people,
    lesson: {
      teacher: teacherTimeline ? teacherTimeline.expressions : new Array<number[] | null>(seconds).fill(null),
      students: studentReadings.map((faces) => meanVector([...faces.values()].map((frames) => meanVector(frames)!))),
      studentsVisible: studentVisible.map((set, s) => set.size + counted[s]),
      studentsReadable: studentReadings.map((faces) => faces.size),
      studentsQuality: studentQuality.map((faces) => (faces.size ? roundTo([...faces.values()].reduce((a, b) => a + b, 0) / faces.size, 4) : null)),
      studentsPosed: studentPoses.map((faces) => faces.size),
      studentsFront: studentPoses.map((faces) => [...faces.values()].filter(frontInSecond).length),
    },
  };
}
