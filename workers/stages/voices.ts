import { analyseVoiceChunk } from '../../lib/analysis/voice/chunk';
import { chunkSpan } from '../../lib/jobs/pipeline';
import type { Stage } from './stage';

/** Reading the chunk's sound is most of a voice chunk's time; splitting, embedding and pooling it the rest. */
const DECODE_SHARE = 0.8;

/** Voices of one chunk of the sound track: speech, speaker pieces, emotion features per piece (speakers and emotions are settled lesson-wide by the merge stage). */
export const voicesStage: Stage = {
  name: 'voices',
  async run({ asset, chunk, storage, signal, progress }) {
    if (!asset.audio || !asset.audioTrackKey) return { status: 'skipped', note: 'The recording has no sound track, so voices were not analysed.' };
    const span = chunkSpan(asset, chunk);
    const result = await analyseVoiceChunk(
      { audioPath: storage.locate(asset.audioTrackKey), startS: span.startS, endS: span.endS },
      { signal, onProgress: (fraction) => progress(DECODE_SHARE * fraction) },
    );
    return { status: 'done', output: result };
  },
};
