import { eq } from 'drizzle-orm';
import { mediaAssets } from '../../lib/db/schema';
import { probeMedia } from '../../lib/media/probe';
import type { Stage } from './stage';

/** Records the stream facts of the stored file (the upload checked it was usable). */
export const probeStage: Stage = {
  name: 'probe',
  async run({ asset, storage }) {
    const facts = await probeMedia(storage.locate(asset.storageKey));
    if (!facts) throw new Error('The stored recording can no longer be read.');
    return {
      status: 'done',
      output: facts,
      store: async (tx) => {
        await tx
          .update(mediaAssets)
          .set({ durationSeconds: facts.durationSeconds, container: facts.container, video: facts.video, audio: facts.audio })
          .where(eq(mediaAssets.id, asset.id));
      },
    };
  },
};
