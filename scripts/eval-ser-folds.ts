/**
 * Speaker-fold cross-validation of the speech-emotion training recipe: the corpus's speakers, sorted, are cut into
 * `--folds` equal groups; each group in turn is held out and everything else is trained exactly as train:ser does
 * (augmented variants, classroom murmur of that fold's training speakers only, the SVM on the clean training clips with
 * C and γ grid-searched on the held-out speakers, the network's best epoch chosen on them). Only the speaker-normalised
 * models are trained (the pair the 10-point target is judged on). On RAVDESS the last fold (actors 17–20) is the
 * shipped split and reproduces models/ser/metrics.json. Each fold is written to <out>/fold-K.json; the table at the end
 * covers every fold file in <out>, so folds can run in separate processes:
 *   npm run eval:ser-folds [-- --data ../shared/data/speech/ravdess] [--folds 5] [--only 0,1] [--out tmp/ser-folds]
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { initTensorflow } from '@/lib/analysis/tf';
import { readCorpusManifest } from '@/research/ser/corpus';
import { poolCorpus } from '@/research/ser/dataset';
import { DEFAULT_NETWORK_CONFIG } from '@/research/ser/network';
import { speakerModelExamples, trainSvmAndNetwork } from '@/research/ser/training';

const { values: args } = parseArgs({
  options: {
    data: { type: 'string', default: '../shared/data/speech/ravdess' },
    folds: { type: 'string', default: '5' },
    only: { type: 'string' },
    out: { type: 'string', default: 'tmp/ser-folds' },
  },
});
const started = performance.now();
const seconds = () => ((performance.now() - started) / 1000).toFixed(0);
await initTensorflow();
const corpus = readCorpusManifest(path.resolve(args.data!));
const speakers = [...new Set(corpus.map((clip) => clip.speaker))].sort();
const foldCount = Number(args.folds);
if (!(foldCount >= 2 && speakers.length % foldCount === 0)) throw new Error(`${speakers.length} speakers do not split into ${foldCount} equal folds`);
const perFold = speakers.length / foldCount;
const outDir = path.resolve(args.out!);
mkdirSync(outDir, { recursive: true });

interface FoldResult {
  fold: number;
  heldOut: string[];
  svm: { cost: number; gamma: number; accuracy: number; macroF1: number };
  network: { bestEpoch: number; accuracy: number; macroF1: number; lastTen: { accuracy: number; macroF1: number } };
}

const folds = args.only ? args.only.split(',').map(Number) : Array.from({ length: foldCount }, (_, k) => k);
for (const fold of folds) {
  const heldOut = speakers.slice(fold * perFold, (fold + 1) * perFold);
  const clips = corpus.map((clip) => ({ ...clip, split: heldOut.includes(clip.speaker) ? ('validation' as const) : ('train' as const) }));
  console.log(`[${seconds()} s] fold ${fold}: holding out ${heldOut.join(' ')}`);
  const examples = await poolCorpus(clips);
  const { svm, network } = await trainSvmAndNetwork(speakerModelExamples(examples), DEFAULT_NETWORK_CONFIG, (line) => console.log(`[${seconds()} s] fold ${fold}: ${line}`));
  const lastTen = network.history.slice(-10);
  const meanOf = (key: 'accuracy' | 'macroF1') => lastTen.reduce((sum, epoch) => sum + epoch[key], 0) / lastTen.length;
  const result: FoldResult = {
    fold,
    heldOut,
    svm: { cost: svm.cost, gamma: svm.gamma, accuracy: svm.report.accuracy, macroF1: svm.report.macroF1 },
    network: { bestEpoch: network.bestEpoch, accuracy: network.report.accuracy, macroF1: network.report.macroF1, lastTen: { accuracy: meanOf('accuracy'), macroF1: meanOf('macroF1') } },
  };
  writeFileSync(path.join(outDir, `fold-${fold}.json`), JSON.stringify(result, null, 2) + '\n');
  network.model.dispose();
}

const results = Array.from({ length: foldCount }, (_, k) => path.join(outDir, `fold-${k}.json`))
  .filter((file) => existsSync(file))
  .map((file) => JSON.parse(readFileSync(file, 'utf8')) as FoldResult);
const pct = (x: number) => (100 * x).toFixed(1);
const rows = results.map((r) => ({
  fold: r.fold,
  'held out': r.heldOut.join(' '),
  'SVM acc / F1': `${pct(r.svm.accuracy)} / ${pct(r.svm.macroF1)}`,
  'network acc / F1 (best epoch)': `${pct(r.network.accuracy)} / ${pct(r.network.macroF1)} (${r.network.bestEpoch})`,
  'network acc / F1, last 10 epochs': `${pct(r.network.lastTen.accuracy)} / ${pct(r.network.lastTen.macroF1)}`,
  'F1 lead, best / last 10': `${pct(r.network.macroF1 - r.svm.macroF1)} / ${pct(r.network.lastTen.macroF1 - r.svm.macroF1)}`,
}));
console.log(`\nspeaker-normalised models, speaker folds (${results.length} of ${foldCount} in ${path.relative(process.cwd(), outDir)}), ${seconds()} s`);
console.table(rows);
if (results.length > 1) {
  const mean = (f: (r: FoldResult) => number) => pct(results.reduce((sum, r) => sum + f(r), 0) / results.length);
  console.log(
    `mean over folds: SVM macro-F1 ${mean((r) => r.svm.macroF1)}; network ${mean((r) => r.network.macroF1)} (best epoch), ${mean((r) => r.network.lastTen.macroF1)} (last 10 epochs); ` +
      `lead ${mean((r) => r.network.macroF1 - r.svm.macroF1)} / ${mean((r) => r.network.lastTen.macroF1 - r.svm.macroF1)}; network accuracy ${mean((r) => r.network.accuracy)} / ${mean((r) => r.network.lastTen.accuracy)}`,
  );
}
