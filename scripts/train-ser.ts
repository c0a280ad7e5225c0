/**
 * Trains the speech-emotion models and writes models/ser: the SVM baseline and the network, each twice on the same
 * split and pooled features — globally standardised (models/ser, used by classifyUtterance) and speaker-normalised
 * (models/ser/speaker-normalised, used by classifyUtterances with speakerNormalise).
 *   npm run train:ser -- --data ../shared/data/speech/ravdess [--out models/ser] [--epochs 60] [--seed 1234] [--members 1]
 *                        [--features-cache tmp/ser-features.json]
 * The data directory needs manifest.csv with columns path, speaker, emotion, split (train | validation).
 */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { BASIC_FEATURE_NAMES, POOLED_FEATURE_NAMES } from '@/lib/analysis/audio';
import { EMOTIONS } from '@/lib/analysis/emotions';
import { initTensorflow, tf } from '@/lib/analysis/tf';
import { TRAINING_AUGMENTATIONS } from '@/research/ser/augment';
import { CORPUS_EMOTION_MAP, readCorpusManifest } from '@/research/ser/corpus';
import { poolCorpus, type PooledExample } from '@/research/ser/dataset';
import { formatReport } from '@/research/ser/metrics';
import { SPEAKER_NORMALISED_SUBDIR } from '@/lib/analysis/ser/model-files';
import { saveSerModel } from '@/research/ser/save-model';
import { DEFAULT_NETWORK_CONFIG } from '@/research/ser/network';
import { SPEAKER_MODEL_FEATURE_NAMES } from '@/lib/analysis/ser/speaker-normalisation';
import type { SvmGridResult } from '@/research/ser/svm-baseline';
import { speakerModelExamples, standardisedSplit, trainSvmAndNetwork, trainSvmOnSplit, type TrainedModels } from '@/research/ser/training';

const { values: args } = parseArgs({
  options: {
    data: { type: 'string' },
    out: { type: 'string', default: 'models/ser' },
    epochs: { type: 'string', default: String(DEFAULT_NETWORK_CONFIG.epochs) },
    seed: { type: 'string', default: String(DEFAULT_NETWORK_CONFIG.seed) },
    members: { type: 'string', default: String(DEFAULT_NETWORK_CONFIG.members) },
    concurrency: { type: 'string', default: '3' },
    'features-cache': { type: 'string' },
  },
});
if (!args.data) throw new Error('usage: npm run train:ser -- --data <dir with manifest.csv> [--out models/ser]');
const dataDir = path.resolve(args.data);
const outDir = path.resolve(args.out!);
const started = performance.now();
const seconds = () => ((performance.now() - started) / 1000).toFixed(1);

const backend = await initTensorflow();
const clips = readCorpusManifest(dataDir);
const speakers = (split: string) => [...new Set(clips.filter((c) => c.split === split).map((c) => c.speaker))].sort();
console.log(`${clips.length} clips from ${dataDir}; train speakers ${speakers('train').join(' ')}; validation speakers ${speakers('validation').join(' ')}; backend ${backend}`);

const augmentationNames = TRAINING_AUGMENTATIONS.map((a) => a.name);
const examples = await pooledExamples();
console.log(`[${seconds()} s] ${examples.length} pooled vectors (${TRAINING_AUGMENTATIONS.length} variants per training clip)`);

const config = { ...DEFAULT_NETWORK_CONFIG, epochs: Number(args.epochs), seed: Number(args.seed), members: Number(args.members) };
// The source paper's baseline: the SVM on the basic statistics only (the first BASIC_FEATURE_NAMES.length pooled entries).
const paperBaseline = trainSvmOnSplit(standardisedSplit(examples.map((e) => ({ ...e, vector: e.vector.subarray(0, BASIC_FEATURE_NAMES.length) }))));
console.log(`[${seconds()} s] paper baseline (basic features): SVM grid done: C=${paperBaseline.cost}, gamma=${paperBaseline.gamma.toExponential(3)}`);
const logAs = (name: string) => (line: string) => console.log(`[${seconds()} s] ${name}: ${line}`);
const globalModels = await trainSvmAndNetwork(examples, config, logAs('global'));
const speakerModels = await trainSvmAndNetwork(speakerModelExamples(examples), config, logAs('speaker-normalised'));

await saveSerModel(outDir, globalModels.network.model, EMOTIONS, { ...globalModels.standardization, featureNames: [...POOLED_FEATURE_NAMES] });
const speakerDir = path.join(outDir, SPEAKER_NORMALISED_SUBDIR);
await saveSerModel(speakerDir, speakerModels.network.model, EMOTIONS, { ...speakerModels.standardization, featureNames: [...SPEAKER_MODEL_FEATURE_NAMES] });
const weightsBytes = statSync(path.join(outDir, 'weights.bin')).size + statSync(path.join(speakerDir, 'weights.bin')).size;
const trainingSeconds = Number(seconds());
const trainExamples = examples.filter((e) => e.split === 'train');
const validationExamples = examples.filter((e) => e.split === 'validation');
const count = (set: PooledExample[]) => Object.fromEntries(EMOTIONS.map((e, i) => [e, set.filter((x) => x.label === i && x.augmentation === 'clean').length]));
const svmReport = (svm: SvmGridResult) => ({ kernel: 'rbf', trainedOn: 'clean training clips', cost: svm.cost, gamma: svm.gamma, grid: svm.grid, validation: svm.report });
const architecture = `mlp ${config.hidden.join('-')}${config.members > 1 ? `, mean of ${config.members} members' logits` : ''}`;
const report = ({ svm, network }: TrainedModels) => ({
  inputLength: network.model.inputs[0].shape[1],
  svm: svmReport(svm),
  network: { architecture, config, bestEpoch: network.bestEpoch, validation: network.report, history: network.history },
});
const metrics = {
  corpus: path.basename(dataDir),
  labels: EMOTIONS,
  labelMapping: CORPUS_EMOTION_MAP,
  split: {
    trainSpeakers: speakers('train'),
    validationSpeakers: speakers('validation'),
    trainClips: count(trainExamples),
    validationClips: count(validationExamples),
  },
  features: { pooledLength: POOLED_FEATURE_NAMES.length, basicLength: BASIC_FEATURE_NAMES.length, frame: '32 ms Hann window, 16 ms hop, 16 kHz, 1024-point FFT' },
  augmentations: augmentationNames,
  paperBaseline: { inputs: `the first ${BASIC_FEATURE_NAMES.length} pooled features (MFCC, energy, ZCR, spectral shape, F0 statistics), globally standardised`, svm: svmReport(paperBaseline) },
  ...report(globalModels),
  speakerNormalised: {
    modelDir: SPEAKER_NORMALISED_SUBDIR,
    inputs: 'pooled vector followed by its copy z-scored over the same speaker\'s clips under the same recording condition (augmentation variant); then standardised as usual',
    ...report(speakerModels),
  },
  weightsBytes,
  trainingSeconds,
  backend,
};
writeFileSync(path.join(outDir, 'metrics.json'), JSON.stringify(metrics, null, 2) + '\n');

console.log('\n' + formatReport('Paper baseline: SVM (RBF) on the basic features, globally standardised, validation speakers', paperBaseline.report));
for (const [name, models] of [['globally standardised', globalModels], ['speaker-normalised', speakerModels]] as const) {
  console.log('\n' + formatReport(`SVM baseline (RBF), ${name}, validation speakers`, models.svm.report));
  console.log('\n' + formatReport(`Network, ${name}, validation speakers`, models.network.report));
  console.log(`${name}: macro-F1 gain of the network over the SVM ${(100 * (models.network.report.macroF1 - models.svm.report.macroF1)).toFixed(1)} points`);
}
console.log(`\nweights ${(weightsBytes / 1024).toFixed(0)} KiB (both networks); ${trainingSeconds} s total`);
tf.disposeVariables();

async function pooledExamples(): Promise<PooledExample[]> {
  const cache = args['features-cache'];
  if (cache && existsSync(cache)) {
    const cached = JSON.parse(readFileSync(cache, 'utf8')) as { dataDir: string; augmentations?: string[]; examples: (Omit<PooledExample, 'vector'> & { vector: number[] })[] };
    if (cached.dataDir === dataDir && cached.augmentations?.join() === augmentationNames.join()) return cached.examples.map((e) => ({ ...e, vector: Float32Array.from(e.vector) }));
  }
  let lastReport = 0;
  const result = await poolCorpus(clips, {
    concurrency: Number(args.concurrency),
    onProgress: (done, total) => {
      if (done === total || performance.now() - lastReport > 15_000) {
        lastReport = performance.now();
        console.log(`[${seconds()} s] features: ${done}/${total} clips`);
      }
    },
  });
  if (cache) writeFileSync(cache, JSON.stringify({ dataDir, augmentations: augmentationNames, examples: result.map((e) => ({ ...e, vector: Array.from(e.vector) })) }));
  return result;
}
