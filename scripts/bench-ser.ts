/**
 * Speech-emotion inference cost and the effect of speaker normalisation on the validation speakers.
 *   npm run bench:ser [-- --data ../shared/data/speech/ravdess]
 * Prints per-clip latency of classifyUtterance (features + network, one thread), the per-utterance cost of
 * classifyUtterances with speaker normalisation, and validation accuracy when each speaker's statistics come from
 * only k of their utterances (the clips are split into seeded random groups of k).
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { decodeAudio } from '@/lib/analysis/audio';
import { EMOTIONS } from '@/lib/analysis/emotions';
import { classifyUtterance, classifyUtterances, loadShippedSerModel } from '@/lib/analysis/ser/classify';
import { readCorpusManifest } from '@/research/ser/corpus';
import { DEFAULT_SER_MODEL_DIR, SPEAKER_NORMALISED_SUBDIR } from '@/lib/analysis/ser/model-files';
import { seededRandom, shuffleInPlace } from '@/research/random';
import { SPEAKER_MODEL_FEATURE_NAMES } from '@/lib/analysis/ser/speaker-normalisation';

const { values: args } = parseArgs({ options: { data: { type: 'string', default: '../shared/data/speech/ravdess' } } });
const clips = readCorpusManifest(path.resolve(args.data!)).filter((clip) => clip.split === 'validation');
const pcms = await Promise.all(clips.map((clip) => decodeAudio(clip.file)));
const SR = 16_000;
await loadShippedSerModel();
await loadShippedSerModel(path.join(DEFAULT_SER_MODEL_DIR, SPEAKER_NORMALISED_SUBDIR), SPEAKER_MODEL_FEATURE_NAMES);
await classifyUtterance(pcms[0], SR);

const quantile = (values: number[], q: number) => values.slice().sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(q * values.length))];
const perClip: number[] = [];
for (const pcm of pcms) {
  const started = performance.now();
  await classifyUtterance(pcm, SR);
  // Normalised to a 3 s clip so clips of different lengths compare.
  perClip.push(((performance.now() - started) * 3 * SR) / pcm.length);
}
const meanSeconds = pcms.reduce((sum, pcm) => sum + pcm.length, 0) / pcms.length / SR;
console.log(`classifyUtterance: ${pcms.length} clips (mean ${meanSeconds.toFixed(2)} s); per 3 s of audio median ${quantile(perClip, 0.5).toFixed(1)} ms, p90 ${quantile(perClip, 0.9).toFixed(1)} ms, max ${Math.max(...perClip).toFixed(1)} ms`);

const speakers = [...new Set(clips.map((clip) => clip.speaker))];
const random = seededRandom(42);
for (const groupSize of [10, 20, 30, 60]) {
  let correct = 0;
  let utterances = 0;
  let elapsed = 0;
  for (const speaker of speakers) {
    const own = shuffleInPlace(clips.flatMap((clip, i) => (clip.speaker === speaker ? [i] : [])), random);
    for (let start = 0; start + groupSize <= own.length; start += groupSize) {
      const group = own.slice(start, start + groupSize);
      const started = performance.now();
      const result = await classifyUtterances(group.map((i) => pcms[i]), SR, { speakerNormalise: true });
      elapsed += performance.now() - started;
      if (result.normalisation !== 'speaker') throw new Error(`group of ${groupSize} fell back to ${result.normalisation}`);
      result.utterances.forEach((u, k) => u.kind === 'speech' && u.emotion === EMOTIONS[clips[group[k]].label] && correct++);
      utterances += group.length;
    }
  }
  console.log(`speaker-normalised, statistics from ${groupSize} utterances per speaker: accuracy ${((100 * correct) / utterances).toFixed(1)} % over ${utterances} clips; ${(elapsed / utterances).toFixed(1)} ms per utterance`);
}
