import { meanDescriptor, nearestDistance } from './descriptors';
import { clusterTracks, describePeople, IDENTITY_THRESHOLD, joinChunkTracks } from './people';
import { dropExcludedTracks, type FacePosition } from './exclusion';
import { guessTeacher, matchEnrolledTeacher } from './teacher';
import { keepOnlyTeacher } from './teacher-only';
import type { FaceChunkResult, FaceTrack, LessonFaces, StudentFaceReading } from './types';
import { roundTo } from '../../round';

export interface MergeOptions {
  /** Descriptors of the teacher's enrolled reference photos (from enrolDescriptors). */
  teacherDescriptors?: number[][];
  /** Same-person descriptor distance; defaults to IDENTITY_THRESHOLD. */
  identityThreshold?: number;
  /** The school's setting: anything but 'read' keeps only the teacher found by their reference photos. */
  studentFaceReading?: StudentFaceReading;
  /** Where people the teacher excluded from this recording were: tracks there are left out before people are made. */
  excluded?: FacePosition[];
}

/**
 * Merges the chunk results of one lesson: heals tracks across chunk borders,
 * clusters tracks into people lesson-wide and picks the teacher (enrolment
 * match, else an unconfirmed heuristic guess). Pure: no models, no I/O.
 */
export function mergeFaceChunks(chunks: FaceChunkResult[], options: MergeOptions = {}): LessonFaces {
  if (chunks.length === 0) throw new Error('mergeFaceChunks needs at least one chunk result');
  const threshold = options.identityThreshold ?? IDENTITY_THRESHOLD;
  const sorted = [...chunks].sort((a, b) => a.startS - b.startS);
  const first = sorted[0];
  const fps = first.fps;
  if (sorted.some((c) => c.fps !== fps || c.detector !== first.detector)) throw new Error('chunks of one lesson must share fps and detector');
  const hasVideo = sorted.every((c) => c.hasVideo);
  const framesAnalysed = sorted.reduce((n, c) => n + c.framesAnalysed, 0);
  const tracks = dropExcludedTracks(joinChunkTracks(sorted, threshold), options.excluded ?? []);
  let clusters = clusterTracks(tracks, threshold);
  if (options.teacherDescriptors?.length) clusters = gatherEnrolledTeacher(clusters, options.teacherDescriptors, threshold);
  const people = describePeople(clusters, fps);
  const framesWithFaces = new Set([...tracks.flatMap((t) => t.observations.map((o) => o.t)), ...sorted.flatMap((c) => c.teacherOnly?.counts.map(([t]) => t) ?? [])]).size;
  let teacher = options.teacherDescriptors?.length ? matchEnrolledTeacher(people, options.teacherDescriptors, threshold) : null;
  if (!teacher) {
    teacher = guessTeacher(people, tracks, framesAnalysed, first.frameWidth, first.frameHeight);
    if (options.teacherDescriptors?.length) teacher.explanation = `enrolled teacher not found among the faces; ${teacher.explanation}`;
  }
  const counts = sorted.flatMap((c) => c.teacherOnly?.counts ?? []);
  let lesson: LessonFaces = {
    version: 1,
    startS: first.startS,
    endS: sorted[sorted.length - 1].endS,
    fps,
    frameWidth: first.frameWidth,
    frameHeight: first.frameHeight,
    detector: first.detector,
    backend: first.backend,
    hasVideo,
    coverage: framesAnalysed ? roundTo(framesWithFaces / framesAnalysed, 4) : 0,
    framesAnalysed,
    tracks,
    people,
    teacher,
  };
  const reading = options.studentFaceReading ?? sorted.find((c) => c.teacherOnly)?.teacherOnly?.reading ?? 'read';
  if (reading !== 'read') lesson = keepOnlyTeacher({ ...lesson, teacherOnly: { reading, counts } }, reading, !!options.teacherDescriptors?.length);
  if (!hasVideo) lesson.note = 'no video stream: face analysis skipped';
  else if (tracks.length === 0 && counts.length === 0) lesson.note = 'no faces found';
  return lesson;
}

/**
 * The enrolment is extra evidence clustering did not have: every cluster
 * matching the teacher's photos is the teacher, so those clusters are joined
 * (nearest first) unless they were on screen at the same moment.
 */
function gatherEnrolledTeacher(clusters: FaceTrack[][], teacherDescriptors: number[][], threshold: number): FaceTrack[][] {
  const clusterDescriptor = (tracks: FaceTrack[]) => {
    const described = tracks.filter((t) => t.descriptor);
    return meanDescriptor(described.map((t) => t.descriptor!), described.map((t) => t.descriptorFrames));
  };
  const matching = clusters
    .map((tracks) => ({ tracks, distance: nearestDistance(clusterDescriptor(tracks), teacherDescriptors) }))
    .filter((c) => c.distance < threshold)
    .sort((a, b) => a.distance - b.distance);
  if (matching.length < 2) return clusters;
  const teacher = [...matching[0].tracks];
  const joined = new Set<FaceTrack[]>([matching[0].tracks]);
  for (const candidate of matching.slice(1)) {
    const times = new Set(teacher.flatMap((t) => t.observations.map((o) => o.t)));
    if (candidate.tracks.some((t) => t.observations.some((o) => times.has(o.t)))) continue;
    teacher.push(...candidate.tracks);
    joined.add(candidate.tracks);
  }
  return [teacher, ...clusters.filter((c) => !joined.has(c))];
}

/** The teacher marked which person is them on the lesson page: recorded as confirmed, nothing re-detected. */
export function markTeacher(lesson: LessonFaces, personId: string): LessonFaces {
  if (!lesson.people.some((p) => p.id === personId)) throw new Error(`no person ${personId} in this lesson`);
  return {
    ...lesson,
    teacher: { personId, method: 'teacher-marked', confirmed: true, evidence: null, explanation: 'marked by the teacher on the lesson page' },
  };
}
