import { eq } from 'drizzle-orm';
import { getDb } from '../../lib/db/client';
import { mediaAssets } from '../../lib/db/schema';
import { probeMedia } from '../../lib/media/probe';
import type { Stage } from './stage';

/** Records the stream facts of the stored file (the upload checked it was usable). */
export const probeStage: Stage = {
  name: 'probe',
  async run({ asset, storage }) {
    const facts = await probeMedia(storage.locate(asset.storageKey));
    if (!facts) throw new Error('The stored recording can no longer be read.');
    await getDb()
      .update(mediaAssets)
      .set({ durationSeconds: facts.durationSeconds, container: facts.container, video: facts.video, audio: facts.audio })
      .where(eq(mediaAssets.id, asset.id));
    return { status: 'done', output: facts };
  },
};
