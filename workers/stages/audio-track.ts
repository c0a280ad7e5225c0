import { eq } from 'drizzle-orm';
import { getDb } from '../../lib/db/client';
import { mediaAssets } from '../../lib/db/schema';
import { ffmpegStdout } from '../../lib/media/ffmpeg';
import type { Stage } from './stage';

export const AUDIO_TRACK_SAMPLE_RATE = 16_000;

export function audioTrackKey(storageKey: string): string {
  return storageKey.replace(/\/[^/]+$/, '/audio-16k.wav');
}

/** The 16 kHz mono 16-bit WAV that the voice stages read. */
export const audioTrackStage: Stage = {
  name: 'audio',
  async run({ asset, storage, progress }) {
    if (!asset.audio) return { status: 'skipped', note: 'The recording has no sound track, so voices cannot be analysed.' };
    const key = audioTrackKey(asset.storageKey);
    const { stdout, done } = ffmpegStdout([
      '-i', storage.locate(asset.storageKey),
      '-vn', '-ac', '1', '-ar', String(AUDIO_TRACK_SAMPLE_RATE), '-c:a', 'pcm_s16le', '-f', 'wav',
    ]);
    await Promise.all([storage.write(key, stdout), done]);
    await progress(1);
    await getDb().update(mediaAssets).set({ audioTrackKey: key }).where(eq(mediaAssets.id, asset.id));
    return { status: 'done', output: { audioTrackKey: key, sampleRate: AUDIO_TRACK_SAMPLE_RATE } };
  },
};
