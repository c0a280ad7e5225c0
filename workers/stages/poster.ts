import { eq } from 'drizzle-orm';
import { getSchoolSettingsOfLesson } from '../../lib/db/queries';
import { mediaAssets } from '../../lib/db/schema';
import { stillSourceOf } from '../../lib/lessons/blurred-copy';
import { ffmpegStdout, recordingInput } from '../../lib/media/ffmpeg';
import { derivedKey, type Storage } from '../../lib/storage';
import type { Stage } from './stage';

/** Writes the lesson's poster — a still 10 % in, at most 30 s — cut from `videoPath` (the recording, or its blurred copy once there is one). */
export async function writePoster(storage: Storage, recordingKey: string, videoPath: string, durationS: number, signal?: AbortSignal): Promise<string> {
  const at = Math.min(30, durationS * 0.1).toFixed(2);
  const key = derivedKey(recordingKey, 'poster.jpg');
  const { stdout, done } = ffmpegStdout(
    ['-ss', at, ...recordingInput(videoPath), '-frames:v', '1', '-vf', "scale='min(960,iw)':-2", '-q:v', '4', '-f', 'image2pipe', '-c:v', 'mjpeg'],
    { signal },
  );
  await Promise.all([storage.write(key, stdout), done]);
  return key;
}

/** A still from early in the lesson for lists and the lesson page. */
export const posterStage: Stage = {
  name: 'poster',
  async run({ asset, storage, signal }) {
    // The faces stage tells the teacher there is no picture.
    if (!asset.video) return { status: 'skipped' };
    // A re-run of a recording someone is excluded from must not cut a still of them from the recording again.
    const source = await stillSourceOf(asset, await getSchoolSettingsOfLesson(asset.lessonId));
    if (!source) return { status: 'skipped', note: 'The still is cut from the copy with faces blurred once it is made.' };
    const key = await writePoster(storage, asset.storageKey, storage.locate(source), asset.durationSeconds, signal);
    return {
      status: 'done',
      output: { posterKey: key },
      store: async (tx) => {
        await tx.update(mediaAssets).set({ posterKey: key }).where(eq(mediaAssets.id, asset.id));
      },
    };
  },
};
