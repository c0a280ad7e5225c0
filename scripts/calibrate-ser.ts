/**
 * npm run calibrate:ser [-- --data ../shared/data/speech/ravdess]
 *
 * Temperature scaling of the shipped speech-emotion models' confidences on the held-out (validation) speakers,
 * clean and in synthetic classroom noise at 10 dB (what the voice stage hears): one temperature T per model
 * (speaker-normalised, judged per speaker and condition as the voice stage does; global, each clip alone),
 * probabilities p^(1/T) renormalised. Reported: expected calibration error (10 equal-width confidence bins)
 * before and after, where "after" is cross-validated over speakers (T fitted on two validation actors, measured
 * on the other two, both ways), and the negative log-likelihood. The shipped T, fitted on all four, goes to
 * models/ser/calibration.json, which classify.ts applies.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ANALYSIS_SAMPLE_RATE } from '@/lib/analysis/audio/decode';
import { applyPcmAugmentation, type Augmentation } from '@/research/ser/augment';
import { CALIBRATION_FILE } from '@/lib/analysis/ser/calibration';
import { classifySpeakerVectors, utteranceFeatures } from '@/lib/analysis/ser/classify';
import { loadValidationSet } from '@/research/ser/validation-set';
import { DEFAULT_SER_MODEL_DIR } from '@/lib/analysis/ser/model-files';
import { expectedCalibrationError, fitTemperature, negativeLogLikelihood, withTemperature } from '@/research/ser/calibration';

const { values: args } = parseArgs({ options: { data: { type: 'string', default: '../shared/data/speech/ravdess' } } });
const { clips, decoded, speakers, murmurClips } = await loadValidationSet(args.data!);
const CONDITIONS: Augmentation[] = [
  { name: 'clean', gainDb: 0 },
  { name: 'classroom 10 dB', gainDb: 0, snrDb: 10, noise: 'classroom' },
];

interface Judged {
  speaker: string;
  label: number;
  probabilities: number[];
}
const judged: Record<'speaker' | 'global', Judged[]> = { speaker: [], global: [] };
for (const [k, condition] of CONDITIONS.entries()) {
  // Seeds unlike eval:ser's and training's.
  const features = decoded.map((pcm, i) => utteranceFeatures(applyPcmAugmentation(pcm.slice(), condition, 555_000 + 17 * i + k, murmurClips), ANALYSIS_SAMPLE_RATE));
  for (const speaker of speakers) {
    const indices = clips.flatMap((clip, i) => (clip.speaker === speaker && features[i].kind === 'speech' ? [i] : []));
    const vectors = indices.map((i) => (features[i] as Extract<(typeof features)[number], { kind: 'speech' }>).vector);
    for (const mode of ['speaker', 'global'] as const) {
      const { probabilities } = await classifySpeakerVectors(vectors, { speakerNormalise: mode === 'speaker', calibrated: false });
      probabilities.forEach((row, j) => judged[mode].push({ speaker, label: clips[indices[j]].label, probabilities: row }));
    }
  }
}

const report: Record<string, unknown> = {};
const temperatures: Record<string, number> = {};
for (const mode of ['speaker', 'global'] as const) {
  const rows = judged[mode];
  const before = expectedCalibrationError(rows);
  // Cross-validated over speakers: fit on half of them, measure on the other half.
  const halves = [speakers.slice(0, 2), speakers.slice(2)];
  const heldOut = halves.flatMap((half) => {
    const t = fitTemperature(rows.filter((r) => !half.includes(r.speaker)));
    return rows.filter((r) => half.includes(r.speaker)).map((r) => ({ ...r, probabilities: withTemperature(r.probabilities, t) }));
  });
  const temperature = fitTemperature(rows);
  temperatures[mode] = Number(temperature.toFixed(3));
  report[mode] = {
    clips: rows.length,
    temperature: temperatures[mode],
    eceBefore: Number(before.toFixed(4)),
    eceAfterCrossValidated: Number(expectedCalibrationError(heldOut).toFixed(4)),
    nllBefore: Number(negativeLogLikelihood(rows).toFixed(4)),
    nllAfterCrossValidated: Number(negativeLogLikelihood(heldOut).toFixed(4)),
    meanConfidenceBefore: Number((rows.reduce((s, r) => s + Math.max(...r.probabilities), 0) / rows.length).toFixed(4)),
    meanConfidenceAfter: Number((heldOut.reduce((s, r) => s + Math.max(...r.probabilities), 0) / heldOut.length).toFixed(4)),
    accuracy: Number((rows.filter((r) => r.probabilities.indexOf(Math.max(...r.probabilities)) === r.label).length / rows.length).toFixed(4)),
  };
}
console.table(report);
const file = path.join(DEFAULT_SER_MODEL_DIR, CALIBRATION_FILE);
writeFileSync(file, JSON.stringify({ method: 'temperature scaling, p^(1/T) renormalised; npm run calibrate:ser', conditions: CONDITIONS.map((c) => c.name), temperatures, report }, null, 1) + '\n');
console.log(`wrote ${path.relative(process.cwd(), file)}`);
