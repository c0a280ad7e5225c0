import type { LessonFaces } from '../analysis/face/types';
import type { LessonVoices } from '../analysis/voice/types';

/**
 * The merged analysis of one run: what the merge stage keeps, and what a teacher's relabel changes. Stored without
 * biometric templates: face descriptors are null and voice embeddings empty (lib/results/merged-analysis.ts).
 */
export type LessonAnalysis = { durationS: number; faces: LessonFaces | null; voices: LessonVoices | null };
