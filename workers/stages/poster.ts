import { eq } from 'drizzle-orm';
import { mediaAssets } from '../../lib/db/schema';
import { ffmpegStdout, recordingInput } from '../../lib/media/ffmpeg';
import { derivedKey } from '../../lib/storage';
import type { Stage } from './stage';

/** A still from early in the lesson (10 % in, at most 30 s) for lists and the lesson page. */
export const posterStage: Stage = {
  name: 'poster',
  async run({ asset, storage, signal }) {
    // The faces stage tells the teacher there is no picture.
    if (!asset.video) return { status: 'skipped' };
    const at = Math.min(30, asset.durationSeconds * 0.1).toFixed(2);
    const key = derivedKey(asset.storageKey, 'poster.jpg');
    const { stdout, done } = ffmpegStdout(
      ['-ss', at, ...recordingInput(storage.locate(asset.storageKey)), '-frames:v', '1', '-vf', "scale='min(960,iw)':-2", '-q:v', '4', '-f', 'image2pipe', '-c:v', 'mjpeg'],
      { signal },
    );
    await Promise.all([storage.write(key, stdout), done]);
    return {
      status: 'done',
      output: { posterKey: key },
      store: async (tx) => {
        await tx.update(mediaAssets).set({ posterKey: key }).where(eq(mediaAssets.id, asset.id));
      },
    };
  },
};
