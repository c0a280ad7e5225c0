/**
 * Trains the voice-activity network on lessons
 * constructed from the RAVDESS *train* actors (01–16) only, mixed with
 * synthetic classroom noise at 20, 10, 5 and 0 dB SNR. Validation actors
 * (17–20) are kept for `npm run eval:audio`. Writes models/voice/vad.json.
 * (Speaker models need no training: see speaker-gaussian.ts.) Re-runnable on another corpus laid out the
 * same way (manifest.csv with path, speaker, emotion, split).
 *
 *   npx tsx scripts/train-voice-models.ts [datasetDir]
 */
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { extractFrameFeatures, frameTimeSeconds, type FrameFeatures } from '../lib/analysis/audio/frame-features';
import { buildLessonSet, mixAtSnr, type NoisyLessonSource } from '../research/voice/constructed-lesson';
import { VOICE_MODEL_DIR } from '../lib/analysis/voice/models';
import { referenceSpeakers, SCORING_STEP_S } from '../research/voice/scoring';
import { mlpProbability } from '../lib/analysis/voice/tiny-mlp';
import { trainTinyMlp } from '../research/voice/train-tiny-mlp';
import { movingMean, speechFrameSpans, VAD_FEATURE_COUNT, vadFeatureRows, type VadModel } from '../lib/analysis/voice/vad';

const datasetDir = process.argv[2] ?? path.resolve('../shared/data/speech/ravdess');
if (!existsSync(datasetDir)) throw new Error(`needs the RAVDESS set at ${datasetDir}`);
const actor = (n: number) => `ravdess_${String(n).padStart(2, '0')}`;
const SNRS = [20, 10, 5, 0];

const started = Date.now();
const sources: NoisyLessonSource[] = [
  ...(await buildLessonSet({ datasetDir, casts: [[1, 2, 3, 4], [6, 5, 8, 7]].map((c) => c.map(actor)), murmurSpeakers: [9, 10, 11, 12, 13, 14, 15, 16].map(actor), teacherClips: 40, seed: 11 })),
  ...(await buildLessonSet({ datasetDir, casts: [[9, 10, 11, 12], [14, 13, 16, 15]].map((c) => c.map(actor)), murmurSpeakers: [1, 2, 3, 4, 5, 6, 7, 8].map(actor), teacherClips: 40, seed: 12 })),
];
console.log(`built ${sources.length} training lessons in ${((Date.now() - started) / 1000).toFixed(1)} s`);

interface Mix {
  features: FrameFeatures;
  /** Reference speakers at each frame centre. */
  frameSpeakers: string[][];
}

const mixes: Mix[] = [];
for (const { lesson, noise } of sources) {
  const reference = referenceSpeakers(lesson);
  for (const snr of SNRS) {
    const features = extractFrameFeatures(mixAtSnr(lesson, noise, snr));
    const frameSpeakers = Array.from({ length: features.count }, (_, f) => reference[Math.min(reference.length - 1, Math.floor(frameTimeSeconds(f, features) / SCORING_STEP_S))] ?? []);
    mixes.push({ features, frameSpeakers });
  }
}
console.log(`features for ${mixes.length} mixes after ${((Date.now() - started) / 1000).toFixed(1)} s`);

// Voice activity: every second frame of every mix.
const rows: Float32Array[] = [];
const labels: number[] = [];
for (const mix of mixes) {
  const all = vadFeatureRows(mix.features);
  for (let f = 0; f < mix.features.count; f += 2) {
    rows.push(all.slice(f * VAD_FEATURE_COUNT, (f + 1) * VAD_FEATURE_COUNT));
    labels.push(mix.frameSpeakers[f].length > 0 ? 1 : 0);
  }
}
const mlp = trainTinyMlp(rows, Uint8Array.from(labels), { hidden: 24, epochs: 10, learningRate: 0.002, seed: 5 });
console.log(`VAD network trained on ${rows.length} frames after ${((Date.now() - started) / 1000).toFixed(1)} s`);

// Post-processing chosen by frame accuracy over all training mixes.
const probabilities = mixes.map((mix) => {
  const all = vadFeatureRows(mix.features);
  const scratch = new Float64Array(mlp.b1.length);
  const raw = new Float32Array(mix.features.count);
  for (let f = 0; f < mix.features.count; f++) raw[f] = mlpProbability(mlp, all.subarray(f * VAD_FEATURE_COUNT, (f + 1) * VAD_FEATURE_COUNT), scratch);
  return movingMean(raw, 3);
});
let bestVad: VadModel = { mlp, threshold: 0.5, bridgeGapS: 0.3, minSpeechS: 0.2 };
let bestAccuracy = -1;
for (const threshold of [0.35, 0.45, 0.5, 0.55, 0.65, 0.75]) {
  for (const bridgeGapS of [0.1, 0.2, 0.3, 0.5]) {
    for (const minSpeechS of [0.1, 0.2, 0.3]) {
      let correct = 0;
      let total = 0;
      mixes.forEach((mix, m) => {
        const speech = new Uint8Array(mix.features.count);
        const hopS = mix.features.hop / mix.features.sampleRate;
        for (const s of speechFrameSpans(probabilities[m], hopS, { threshold, bridgeGapS, minSpeechS })) speech.fill(1, s.start, s.end);
        for (let f = 0; f < mix.features.count; f++) if ((mix.frameSpeakers[f].length > 0 ? 1 : 0) === speech[f]) correct++;
        total += mix.features.count;
      });
      if (correct / total > bestAccuracy) {
        bestAccuracy = correct / total;
        bestVad = { mlp, threshold, bridgeGapS, minSpeechS };
      }
    }
  }
}
console.log(`VAD post-processing: threshold ${bestVad.threshold}, bridge ${bestVad.bridgeGapS} s, min ${bestVad.minSpeechS} s, train frame accuracy ${(100 * bestAccuracy).toFixed(2)} %`);

await writeFile(path.join(VOICE_MODEL_DIR, 'vad.json'), JSON.stringify(bestVad));
console.log(`wrote models/voice in ${((Date.now() - started) / 1000).toFixed(1)} s`);
