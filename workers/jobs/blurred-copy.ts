import { createReadStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { makeBlurredCopy } from '../../lib/analysis/blur';
import { getDb } from '../../lib/db/client';
import { getMediaAsset, getRun, getSchoolSettingsOfLesson } from '../../lib/db/queries';
import { mediaAssets } from '../../lib/db/schema';
import { blurredCopyJob } from '../../lib/jobs/definitions';
import { handleJob } from '../../lib/jobs/registry';
import { blurredCopyKey, claimBlurredCopy, reportBlurredCopyProgress, settleBlurredCopy } from '../../lib/lessons/blurred-copy';
import { excludedPositions } from '../../lib/results/exclusion';
import { readMergedAnalysis } from '../../lib/results/merged-analysis';
import { getStorage } from '../../lib/storage';
import { writePoster } from '../stages/poster';

/** Progress is written, and the claim checked, at most this often. */
const PROGRESS_WRITE_MS = 1000;

/**
 * Makes a run's blurred copy (lib/analysis/blur) and stores it beside the
 * recording; the lesson's poster is cut again from it, so no stored still
 * shows a student's face either. A newer request (the teacher marked another
 * face as theirs) stops this one at its next progress report.
 */
export default handleJob(blurredCopyJob, async ({ runId }, context) => {
  const claimed = await claimBlurredCopy(runId, context.jobId);
  if (!claimed) return;
  const run = await getRun(runId);
  const asset = run && (await getMediaAsset(run.mediaAssetId));
  const storage = getStorage();
  if (!run || !asset) return;
  if (!asset.video || !(await storage.size(asset.storageKey))) {
    await settleBlurredCopy(runId, context.jobId, { error: asset.video ? 'The recording has been deleted, so no blurred copy can be made.' : 'The recording has no picture.' });
    return;
  }
  const [analysis, excluded, settings] = await Promise.all([readMergedAnalysis(getDb(), runId), excludedPositions(asset.id), getSchoolSettingsOfLesson(run.lessonId)]);
  const controller = new AbortController();
  let lastWrite = 0;
  const dir = await mkdtemp(path.join(os.tmpdir(), 'lessonlens-blurred-'));
  const started = Date.now();
  try {
    const output = path.join(dir, 'blurred.mp4');
    const made = await makeBlurredCopy({
      videoPath: storage.locate(asset.storageKey),
      durationS: asset.durationSeconds,
      faces: analysis?.faces ?? null,
      excluded,
      detector: settings.faceDetector,
      output,
      signal: controller.signal,
      onProgress: (fraction) => {
        if (Date.now() - lastWrite < PROGRESS_WRITE_MS) return;
        lastWrite = Date.now();
        reportBlurredCopyProgress(runId, context.jobId, fraction)
          .then((held) => held || controller.abort(new Error('a newer blurred copy was asked for')))
          .catch((error) => console.error(`[blurred-copy] progress of run ${runId}:`, error.message));
      },
    });
    const key = blurredCopyKey(asset.storageKey, runId, context.jobId);
    await storage.write(key, createReadStream(output));
    const seconds = (Date.now() - started) / 1000;
    const stored = await settleBlurredCopy(runId, context.jobId, {
      key,
      bytes: (await stat(output)).size,
      stats: { frames: made.frames, fps: made.fps, framesBlurred: made.framesBlurred, regions: made.regions, tracks: made.tracks, teacherSightings: made.teacherSightings, detectorFps: made.detectorFps, seconds },
    });
    if (stored) {
      const posterKey = await writePoster(storage, asset.storageKey, output, asset.durationSeconds);
      await getDb().update(mediaAssets).set({ posterKey }).where(eq(mediaAssets.id, asset.id));
    }
    console.log(`[blurred-copy] run ${runId}: ${stored ? 'stored' : 'superseded'}, ${made.frames} frames, ${made.framesBlurred} with blur, ${seconds.toFixed(1)} s`);
  } catch (error) {
    if (controller.signal.aborted) {
      console.log(`[blurred-copy] run ${runId} stopped: ${(controller.signal.reason as Error).message}`);
      return;
    }
    if (context.retryCount >= context.retryLimit) await settleBlurredCopy(runId, context.jobId, { error: 'The blurred copy could not be made.' });
    throw error;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
