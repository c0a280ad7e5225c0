import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { tf } from '../tf';
import type { Standardization } from './standardization';

/** Where the shipped speech-emotion model lives (repo-root `models/ser`). */
export const DEFAULT_SER_MODEL_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../models/ser');

/** Subdirectory of a model directory holding the speaker-normalised model (same files). */
export const SPEAKER_NORMALISED_SUBDIR = 'speaker-normalised';

export interface SerPreprocessing extends Standardization {
  /** Names of the pooled features, in order (POOLED_FEATURE_NAMES at training time). */
  featureNames: string[];
}

export interface LoadedSerModel {
  model: tf.LayersModel;
  labels: string[];
  preprocessing: SerPreprocessing;
}

/**
 * Loads a model directory from the filesystem (no fetch, no network): model.json
 * + weights.bin (TensorFlow.js layers format), labels.json (output order),
 * standardization.json.
 */
export async function loadSerModel(dir: string = DEFAULT_SER_MODEL_DIR): Promise<LoadedSerModel> {
  const modelJson = JSON.parse(readFileSync(path.join(dir, 'model.json'), 'utf8')) as {
    modelTopology: object;
    weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
  };
  const weightSpecs = modelJson.weightsManifest.flatMap((group) => group.weights);
  const buffers = modelJson.weightsManifest.flatMap((group) => group.paths.map((file) => readFileSync(path.join(dir, file))));
  const joined = Buffer.concat(buffers);
  const weightData = joined.buffer.slice(joined.byteOffset, joined.byteOffset + joined.byteLength) as ArrayBuffer;
  const model = await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: modelJson.modelTopology, weightSpecs, weightData }));
  const labels = JSON.parse(readFileSync(path.join(dir, 'labels.json'), 'utf8')) as string[];
  const preprocessing = JSON.parse(readFileSync(path.join(dir, 'standardization.json'), 'utf8')) as SerPreprocessing;
  return { model, labels, preprocessing };
}
