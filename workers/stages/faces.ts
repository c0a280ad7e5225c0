import { eq } from 'drizzle-orm';
import { analyseFaceChunk } from '../../lib/analysis/face/chunk';
import { keepTeacherTracks } from '../../lib/analysis/face/teacher-only';
import { teacherTemplates } from '../../lib/biometrics/templates';
import { getLesson, getSchoolSettingsOfLesson } from '../../lib/db/queries';
import { analysisRuns } from '../../lib/db/schema';
import { chunkSpan } from '../../lib/jobs/pipeline';
import type { Stage } from './stage';

/** Faces of one chunk of the video (chunks are separate jobs, so every worker on any machine takes a share of one lesson): detections, tracks, expressions, descriptors (merged lesson-wide by the merge stage). */
export const facesStage: Stage = {
  name: 'faces',
  async run({ run, asset, chunk, storage, signal, progress }) {
    if (!asset.video) return { status: 'skipped', note: 'The recording has no picture, so faces were not analysed.' };
    const span = chunkSpan(asset, chunk);
    const settings = await getSchoolSettingsOfLesson(run.lessonId);
    const analysed = await analyseFaceChunk({
      videoPath: storage.locate(asset.storageKey),
      startS: span.startS,
      endS: span.endS,
      detector: settings.faceDetector,
      signal,
      onProgress: progress,
    });
    // Teacher-only schools: a student's face data never leaves this worker, not even in the chunk's output.
    const reading = settings.studentFaceReading;
    const lesson = reading === 'read' ? null : await getLesson(run.lessonId);
    const result = reading === 'read' ? analysed : keepTeacherTracks(analysed, reading, lesson ? (await teacherTemplates(lesson.teacherId)).faceDescriptors : []);
    console.log(`[faces] chunk ${chunk} ${span.startS}–${span.endS} s on ${result.backend}: ${result.framesAnalysed} frames, ${result.tracks.length} tracks`);
    return {
      status: 'done',
      output: result,
      store: async (tx) => {
        await tx.update(analysisRuns).set({ tfBackend: result.backend }).where(eq(analysisRuns.id, run.id));
      },
    };
  },
};
