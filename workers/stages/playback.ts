import { eq } from 'drizzle-orm';
import { mediaAssets } from '../../lib/db/schema';
import { makePlaybackCopy, playbackKind } from '../../lib/media/playback';
import { derivedKey } from '../../lib/storage';
import type { Stage } from './stage';

/** The browser-playable copy the report plays (lib/media/playback.ts), stored beside the recording. */
export const playbackStage: Stage = {
  name: 'playback',
  async run({ asset, storage, signal, progress }) {
    const kind = playbackKind(asset.video);
    const key = derivedKey(asset.storageKey, kind.name);
    const started = Date.now();
    await makePlaybackCopy({
      location: storage.locate(asset.storageKey),
      streams: asset,
      durationS: asset.durationSeconds,
      store: (body) => storage.write(key, body),
      onProgress: progress,
      signal,
    });
    const seconds = (Date.now() - started) / 1000;
    return {
      status: 'done',
      output: { playbackKey: key, type: kind.type, realTimeFactor: Math.round((asset.durationSeconds / Math.max(seconds, 1e-3)) * 10) / 10 },
      store: async (tx) => {
        await tx.update(mediaAssets).set({ playbackKey: key, playbackType: kind.type }).where(eq(mediaAssets.id, asset.id));
      },
    };
  },
};
