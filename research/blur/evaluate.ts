import { descriptorDistance } from '../../lib/analysis/face/descriptors';
import { cutFaceForDescriptor, describeFaces, detectFaces, frameTensor, loadFaceModels, readFaces } from '../../lib/analysis/face/faceEngine';
import type { RgbFrame } from '../../lib/analysis/face/frames';
import { IDENTITY_THRESHOLD } from '../../lib/analysis/face/people';
import type { LessonFaces, PixelBox, RelativeBox } from '../../lib/analysis/face/types';
import { BlurPlan } from '../../lib/analysis/blur/plan';
import { sightingsOf } from '../../lib/analysis/blur/teacher-tracks';
import { compareBox, matcherDistances, pairedFrames, toPixels } from './measure';

/** A face box in the copy whose fine structure still correlates this much with the original's was not blurred (encoding alone keeps ~0.8–0.95). */
export const UNBLURRED_DETAIL = 0.5;
/** Ground-truth faces: the product's own detector at its own threshold, on every frame. */
const GROUND_TRUTH_SCORE = 0.5;
/** Faces the analysis reads (its minFaceSize); smaller ones get no descriptor there either. */
const READABLE_PX = 40;

type BoxFigures = { t: number; mad: number; detailCorrelation: number; distance: number; erasedDistance: number };

export type BlurEvaluation = {
  frames: number;
  framesChecked: number;
  /** Faces the detector finds on the original, per kind, over the frames checked. */
  studentFaces: number;
  teacherFaces: number;
  /** Frames of the copy with at least one student face left unblurred, found on the original / on the copy. */
  framesWithUnblurredStudentOriginal: number;
  framesWithUnblurredStudentCopy: number;
  /** Detections on the copy inside blurred places (the detector still sees a face-like blob there). */
  copyDetectionsInBlur: number;
  unblurredTimes: number[];
  /** Each face counted as left unblurred: when, found on which picture, where, and how much detail it kept. */
  escapes: { t: number; on: 'original' | 'copy'; box: RelativeBox; detailCorrelation: number }[];
  /** Every readable student face the detector finds on the original (≥ 40 px), against the copy. */
  allStudents: BoxFigures[];
  /** At the analysis's own sightings (1 frame/s): students (should differ strongly) and the teacher (should not). */
  students: BoxFigures[];
  teacher: BoxFigures[];
};

function rel(box: PixelBox, width: number, height: number): RelativeBox {
  return [box[0] / width, box[1] / height, box[2] / width, box[3] / height];
}

function insideShare(box: RelativeBox, region: RelativeBox): number {
  const w = Math.max(0, Math.min(box[0] + box[2], region[0] + region[2]) - Math.max(box[0], region[0]));
  const h = Math.max(0, Math.min(box[1] + box[3], region[1] + region[3]) - Math.max(box[1], region[1]));
  return box[2] * box[3] > 0 ? (w * h) / (box[2] * box[3]) : 0;
}

/** Descriptors of faces found on a frame (null where the face is too small to describe). */
async function describeAt(frame: RgbFrame, boxes: PixelBox[]): Promise<number[][]> {
  if (boxes.length === 0) return [];
  const tensor = frameTensor(frame.data, frame.width, frame.height);
  try {
    const readings = await readFaces(tensor, boxes);
    const crops = readings.map((r) => cutFaceForDescriptor(tensor, r.alignedBox));
    const descriptors = await describeFaces(crops);
    crops.forEach((c) => c.dispose());
    return descriptors;
  } finally {
    tensor.dispose();
  }
}

/**
 * Judges a blurred copy against its original. A face is the teacher's when
 * the face matcher says so (its descriptor within the identity threshold of
 * the analysis's teacher) or it sits on the analysis's teacher sightings;
 * every other face the detector finds on the original is a student's, and it
 * is unblurred in the copy when its box there keeps more than half its detail.
 * The same is done with the detector run on the copy itself (a face it can
 * still see, that is not the teacher and kept its detail, escaped).
 */
export async function evaluateBlurredCopy(input: { original: string; copy: string; faces: LessonFaces; fps: number; width: number; durationS: number; everyNth?: number }): Promise<BlurEvaluation> {
  await loadFaceModels();
  const teacherPerson = input.faces.people.find((p) => p.id === input.faces.teacher.personId);
  const known = sightingsOf(input.faces);
  const teacherAt = new BlurPlan(known.teacher, { margin: 0.2, holdS: 0, maxGapS: 1.01 / input.faces.fps });
  const isTeacher = (box: RelativeBox, descriptor: number[] | undefined, t: number) =>
    (!!descriptor && !!teacherPerson?.descriptor && descriptorDistance(descriptor, teacherPerson.descriptor) < IDENTITY_THRESHOLD) ||
    teacherAt.regionsAt(t).some((r) => insideShare(box, r) >= 0.5);
  // The analysis's readable sightings, by the copy's frame that shows them.
  const sightings = new Map<number, { track: string; box: RelativeBox }[]>();
  for (const track of input.faces.tracks) {
    for (const o of track.observations) {
      if (!o.expressions) continue;
      const frame = Math.round(o.t * input.fps);
      sightings.set(frame, [...(sightings.get(frame) ?? []), { track: track.id, box: o.box }]);
    }
  }
  const teacherTracks = new Set(teacherPerson?.trackIds ?? []);

  const result: BlurEvaluation = {
    frames: 0, framesChecked: 0, studentFaces: 0, teacherFaces: 0,
    framesWithUnblurredStudentOriginal: 0, framesWithUnblurredStudentCopy: 0, copyDetectionsInBlur: 0, unblurredTimes: [], escapes: [], allStudents: [], students: [], teacher: [],
  };
  let index = 0;
  for await (const { original, copy } of pairedFrames(input.original, input.copy, input)) {
    const t = index / input.fps;
    const frameIndex = index++;
    result.frames++;
    for (const sighting of sightings.get(frameIndex) ?? []) {
      const box = toPixels(sighting.box, original.width, original.height);
      const figures = { t, ...compareBox(original, copy, box), ...(await matcherDistances(original, copy, box)) };
      (teacherTracks.has(sighting.track) ? result.teacher : result.students).push(figures);
    }
    if (frameIndex % (input.everyNth ?? 1) !== 0) continue;
    result.framesChecked++;
    let escapedOriginal = false;
    const readable: PixelBox[] = [];
    let escapedCopy = false;
    for (const [frame, onOriginal] of [[original, true], [copy, false]] as const) {
      const tensor = frameTensor(frame.data, frame.width, frame.height);
      const found = await detectFaces(tensor, 'ssd', GROUND_TRUTH_SCORE).finally(() => tensor.dispose());
      const kept = found.map((d) => compareBox(original, copy, d.box).detailCorrelation);
      const open = found.filter((_, i) => kept[i] > UNBLURRED_DETAIL);
      if (!onOriginal) result.copyDetectionsInBlur += found.length - open.length;
      const descriptors = await describeAt(frame, (onOriginal ? found : open).map((d) => d.box));
      found.forEach((d, i) => {
        const r = rel(d.box, frame.width, frame.height);
        if (onOriginal) {
          const teacher = isTeacher(r, descriptors[i], t);
          if (teacher) result.teacherFaces++;
          else result.studentFaces++;
          if (!teacher && kept[i] > UNBLURRED_DETAIL) {
            escapedOriginal = true;
            result.escapes.push({ t, on: 'original', box: r, detailCorrelation: kept[i] });
          }
          if (!teacher && Math.sqrt(d.box[2] * d.box[3]) >= READABLE_PX) readable.push(d.box);
        } else {
          const k = open.indexOf(d);
          if (k >= 0 && !isTeacher(r, descriptors[k], t)) {
            escapedCopy = true;
            result.escapes.push({ t, on: 'copy', box: r, detailCorrelation: kept[i] });
          }
        }
      });
    }
    for (const box of readable) result.allStudents.push({ t, ...compareBox(original, copy, box), ...(await matcherDistances(original, copy, box)) });
    if (escapedOriginal) result.framesWithUnblurredStudentOriginal++;
    if (escapedCopy) result.framesWithUnblurredStudentCopy++;
    if (escapedOriginal || escapedCopy) result.unblurredTimes.push(Math.round(t * 100) / 100);
  }
  return result;
}
