/**
 * The speech-emotion models on the validation speakers, clean and under added noise: white noise at 10 dB and the
 * synthetic classroom background (hum, rumble, chair scrapes, murmur) at 10 and 5 dB SNR against each clip's active
 * power. The murmur is made of training speakers' clips, so no validation voice is in it; noise seeds differ from
 * training's. Each model is judged speaker-normalised (one group per validation speaker and condition, as a diarised
 * speaker's turns in one lesson) and globally (each clip alone). Clips judged "no speech" are counted and left out.
 *   npm run eval:ser [-- --data ../shared/data/speech/ravdess] [--model models/ser --model other/dir …]
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ANALYSIS_SAMPLE_RATE } from '@/lib/analysis/audio/decode';
import { EMOTIONS } from '@/lib/analysis/emotions';
import { applyPcmAugmentation, type Augmentation } from '@/research/ser/augment';
import { classifySpeakerVectors, utteranceFeatures } from '@/lib/analysis/ser/classify';
import { loadValidationSet } from '@/research/ser/validation-set';
import { classificationReport } from '@/research/ser/metrics';
import { DEFAULT_SER_MODEL_DIR } from '@/lib/analysis/ser/model-files';

const { values: args } = parseArgs({
  options: {
    data: { type: 'string', default: '../shared/data/speech/ravdess' },
    model: { type: 'string', multiple: true },
  },
});
const started = performance.now();
const modelDirs = (args.model ?? [DEFAULT_SER_MODEL_DIR]).map((dir) => path.resolve(dir));
const { clips, decoded, speakers, murmurClips } = await loadValidationSet(args.data!);

const CONDITIONS: Augmentation[] = [
  { name: 'clean', gainDb: 0 },
  { name: 'white 10 dB', gainDb: 0, snrDb: 10 },
  { name: 'classroom 10 dB', gainDb: 0, snrDb: 10, noise: 'classroom' },
  { name: 'classroom 5 dB', gainDb: 0, snrDb: 5, noise: 'classroom' },
];

const table: Record<string, Record<string, string>> = {};
for (const [k, condition] of CONDITIONS.entries()) {
  const features = decoded.map((pcm, i) => utteranceFeatures(applyPcmAugmentation(pcm.slice(), condition, 777_000 + 13 * i + k, murmurClips), ANALYSIS_SAMPLE_RATE));
  for (const modelDir of modelDirs) {
    for (const speakerNormalise of [true, false]) {
      const predicted = new Array<number>(clips.length).fill(-1);
      for (const speaker of speakers) {
        const indices = clips.flatMap((clip, i) => (clip.speaker === speaker && features[i].kind === 'speech' ? [i] : []));
        const vectors = indices.map((i) => (features[i] as Extract<(typeof features)[number], { kind: 'speech' }>).vector);
        const { probabilities } = await classifySpeakerVectors(vectors, { speakerNormalise, modelDir });
        probabilities.forEach((row, j) => (predicted[indices[j]] = row.indexOf(Math.max(...row))));
      }
      const judged = clips.flatMap((clip, i) => (predicted[i] >= 0 ? [i] : []));
      const report = classificationReport(judged.map((i) => clips[i].label), judged.map((i) => predicted[i]), EMOTIONS);
      const noSpeech = clips.length - judged.length;
      const row = `${path.relative(process.cwd(), modelDir) || '.'}, ${speakerNormalise ? 'speaker-normalised' : 'global'}`;
      (table[row] ??= {})[condition.name] = `${(100 * report.accuracy).toFixed(1)} / ${(100 * report.macroF1).toFixed(1)}${noSpeech ? ` (${noSpeech} no speech)` : ''}`;
    }
  }
  console.log(`[${((performance.now() - started) / 1000).toFixed(0)} s] ${condition.name} done`);
}
console.log(`\naccuracy / macro-F1 (%) on ${clips.length} validation clips of ${speakers.join(', ')}`);
console.table(table);
