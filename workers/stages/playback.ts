import type { Readable } from 'node:stream';
import { eq } from 'drizzle-orm';
import { getDb } from '../../lib/db/client';
import { mediaAssets } from '../../lib/db/schema';
import { makePlaybackCopy, playbackKind } from '../../lib/media/playback';
import { derivedKey } from '../../lib/storage';
import type { Stage } from './stage';

/** The browser-playable copy the report plays (lib/media/playback.ts), stored beside the recording under the lesson's prefix. */
export const playbackStage: Stage = {
  name: 'playback',
  async run({ asset, storage, progress }) {
    const kind = playbackKind(asset.video);
    const key = derivedKey(asset.storageKey, kind.name);
    const started = Date.now();
    await makePlaybackCopy({
      input: ['-i', storage.locate(asset.storageKey)],
      streams: asset,
      durationS: asset.durationSeconds,
      store: (body) => storage.write(key, body as Readable),
      onProgress: progress,
    });
    await getDb().update(mediaAssets).set({ playbackKey: key, playbackType: kind.type }).where(eq(mediaAssets.id, asset.id));
    const seconds = (Date.now() - started) / 1000;
    return { status: 'done', output: { playbackKey: key, type: kind.type, realTimeFactor: Math.round((asset.durationSeconds / Math.max(seconds, 1e-3)) * 10) / 10 } };
  },
};
