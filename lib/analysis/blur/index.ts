import type { DetectorName, LessonFaces } from '../face/types';
import { BLUR_DETECTION, findFacesToBlur } from './detect';
import { BlurPlan, type FaceSightings } from './plan';
import { renderBlurredCopy, type RenderedCopy } from './render';
import { sightingsOf, splitTeacherSightings } from './teacher-tracks';

export { BlurPlan, BLUR_PLAN_DEFAULTS, type FaceSightings } from './plan';
export { blurRegion } from './mosaic';

/** Share of the time the detection pass takes (the rest is decoding, blurring and encoding every frame). */
const DETECTION_SHARE = 0.6;

export type BlurredCopyResult = RenderedCopy & { tracks: number; teacherSightings: number; detectorFps: number };

/**
 * Makes the copy of a recording in which every face but the teacher's is
 * blurred: a detection pass at 5 frames/s finds the faces (the analysis's
 * 1 frame/s is too coarse for a face that turns up between its samples),
 * the analysis's own sightings say which of them is the teacher, and every
 * other face — found by this pass or by the analysis, plus the places of
 * excluded people — is blurred on every frame (plan.ts).
 */
export async function makeBlurredCopy(input: {
  videoPath: string;
  durationS: number;
  /** The run's merged faces: who the teacher is, and every other face the analysis kept. */
  faces: LessonFaces | null;
  /** Where excluded people were (their tracks are no longer in the analysis). */
  excluded: FaceSightings[];
  detector: DetectorName;
  output: string;
  signal?: AbortSignal;
  onProgress?(fraction: number): void;
}): Promise<BlurredCopyResult> {
  const found = await findFacesToBlur({
    videoPath: input.videoPath,
    durationS: input.durationS,
    detector: input.detector,
    signal: input.signal,
    onProgress: (f) => input.onProgress?.(DETECTION_SHARE * f),
  });
  const known = sightingsOf(input.faces);
  const { teacher, others } = splitTeacherSightings(found.tracks, known.teacher, { analysedFps: input.faces?.fps ?? 1, cuts: found.cuts });
  const blurred: FaceSightings[] = [...others, ...known.others, ...input.excluded];
  const rendered = await renderBlurredCopy({
    videoPath: input.videoPath,
    plan: new BlurPlan(blurred, { cuts: found.cuts, sampleS: 1 / BLUR_DETECTION.fps }),
    output: input.output,
    signal: input.signal,
    onProgress: (f) => input.onProgress?.(DETECTION_SHARE + (1 - DETECTION_SHARE) * f),
  });
  return {
    ...rendered,
    tracks: found.tracks.length,
    teacherSightings: teacher.reduce((n, s) => n + s.length, 0),
    detectorFps: found.framesAnalysed ? (BLUR_DETECTION.fps * found.detectorFrames) / found.framesAnalysed : 0,
  };
}
