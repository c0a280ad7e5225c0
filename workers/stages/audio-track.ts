import { eq } from 'drizzle-orm';
import { ANALYSIS_SAMPLE_RATE } from '../../lib/analysis/audio/decode';
import { mediaAssets } from '../../lib/db/schema';
import { ffmpegStdout, recordingInput } from '../../lib/media/ffmpeg';
import { derivedKey } from '../../lib/storage';
import type { Stage } from './stage';

/** The 16 kHz mono 16-bit WAV that the voice stages read. */
export const audioTrackStage: Stage = {
  name: 'audio',
  async run({ asset, storage, signal, progress }) {
    // The voices stage tells the teacher there is no sound track.
    if (!asset.audio) return { status: 'skipped' };
    const key = derivedKey(asset.storageKey, 'audio-16k.wav');
    const { stdout, done } = ffmpegStdout(
      // No longer than the upload check found the file to be, whatever its header says.
      [...recordingInput(storage.locate(asset.storageKey)), '-t', String(asset.durationSeconds), '-vn', '-ac', '1', '-ar', String(ANALYSIS_SAMPLE_RATE), '-c:a', 'pcm_s16le', '-f', 'wav'],
      { signal, onTime: (seconds) => progress(seconds / asset.durationSeconds) },
    );
    await Promise.all([storage.write(key, stdout), done]);
    return {
      status: 'done',
      output: { audioTrackKey: key, sampleRate: ANALYSIS_SAMPLE_RATE },
      store: async (tx) => {
        await tx.update(mediaAssets).set({ audioTrackKey: key }).where(eq(mediaAssets.id, asset.id));
      },
    };
  },
};
