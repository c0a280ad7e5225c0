import type { LessonFaces } from '../analysis/face/types';
import type { LessonVoices } from '../analysis/voice/types';

/** The merged analysis of one run: what the merge stage keeps, and what a teacher's relabel changes. */
export type LessonAnalysis = { durationS: number; faces: LessonFaces | null; voices: LessonVoices | null };
