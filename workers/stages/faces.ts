import { eq } from 'drizzle-orm';
import { planChunks } from '../../lib/analysis/chunks';
import { analyseFaceChunk } from '../../lib/analysis/face/chunk';
import { getDb } from '../../lib/db/client';
import { analysisRuns } from '../../lib/db/schema';
import { getSchoolSettingsOfLesson } from '../../lib/db/queries';
import type { Stage } from './stage';

/** Faces of one chunk of the video (chunks are separate jobs, so every worker on any machine takes a share of one lesson): detections, tracks, expressions, descriptors (merged lesson-wide by the merge stage). */
export const facesStage: Stage = {
  name: 'faces',
  chunks: (asset) => (asset.video ? Math.max(1, planChunks(asset.durationSeconds).length) : 1),
  async run({ run, asset, chunk, storage }) {
    if (!asset.video) return { status: 'skipped', note: 'The recording has no picture, so faces were not analysed.' };
    const span = planChunks(asset.durationSeconds)[chunk];
    const settings = await getSchoolSettingsOfLesson(run.lessonId);
    const result = await analyseFaceChunk({
      videoPath: storage.locate(asset.storageKey),
      startS: span.startS,
      endS: span.endS,
      detector: settings.faceDetector,
    });
    await getDb().update(analysisRuns).set({ tfBackend: result.backend }).where(eq(analysisRuns.id, run.id));
    console.log(`[faces] chunk ${chunk} ${span.startS}–${span.endS} s on ${result.backend}: ${result.framesAnalysed} frames, ${result.tracks.length} tracks`);
    return { status: 'done', output: result };
  },
};
