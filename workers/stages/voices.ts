import { planChunks } from '../../lib/analysis/chunks';
import { analyseVoiceChunk } from '../../lib/analysis/voice';
import type { Stage } from './stage';

/** Voices of one chunk of the sound track: speech, speaker pieces, emotion features per piece (speakers and emotions are settled lesson-wide by the merge stage). */
export const voicesStage: Stage = {
  name: 'voices',
  chunks: (asset) => (asset.audio ? Math.max(1, planChunks(asset.durationSeconds).length) : 1),
  async run({ asset, chunk, storage }) {
    if (!asset.audio || !asset.audioTrackKey) return { status: 'skipped', note: 'The recording has no sound track, so voices were not analysed.' };
    const span = planChunks(asset.durationSeconds)[chunk];
    const result = await analyseVoiceChunk({ audioPath: storage.locate(asset.audioTrackKey), startS: span.startS, endS: span.endS });
    return { status: 'done', output: result };
  },
};
