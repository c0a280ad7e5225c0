import { eq } from 'drizzle-orm';
import { config } from '../../lib/config';
import { mediaAssets } from '../../lib/db/schema';
import { judgeRecording } from '../../lib/media/probe';
import { StageProblem } from '../../lib/jobs/runs';
import type { Stage } from './stage';

/**
 * Checks the stored file again as the upload did (it may have been replaced
 * or damaged since) and records its facts, the duration being what the file
 * really holds; a recording whose end is missing gets its note on every run.
 */
export const probeStage: Stage = {
  name: 'probe',
  async run({ asset, storage }) {
    const size = await storage.size(asset.storageKey);
    if (size === null) throw new StageProblem('The stored recording can no longer be read.');
    const verdict = await judgeRecording(storage.locate(asset.storageKey), size, config.maxDurationSeconds);
    if (!verdict.usable) throw new StageProblem(`The stored recording can no longer be analysed: ${verdict.reason}`);
    const { facts } = verdict;
    return {
      status: 'done',
      output: facts,
      note: verdict.note,
      store: async (tx) => {
        await tx
          .update(mediaAssets)
          .set({ durationSeconds: facts.durationSeconds, container: facts.container, video: facts.video, audio: facts.audio })
          .where(eq(mediaAssets.id, asset.id));
      },
    };
  },
};
