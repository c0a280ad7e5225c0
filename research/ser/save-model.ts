import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { tf } from '../../lib/analysis/tf';
import type { SerPreprocessing } from '../../lib/analysis/ser/model-files';

/** Writes a trained model in the layout loadSerModel reads. */
export async function saveSerModel(dir: string, model: tf.LayersModel, labels: readonly string[], preprocessing: SerPreprocessing): Promise<void> {
  mkdirSync(dir, { recursive: true });
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const weightData = artifacts.weightData;
      if (!(weightData instanceof ArrayBuffer)) throw new Error('expected one weight buffer');
      writeFileSync(path.join(dir, 'weights.bin'), Buffer.from(weightData));
      const modelJson = { modelTopology: artifacts.modelTopology, weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs }], format: 'layers-model' };
      writeFileSync(path.join(dir, 'model.json'), JSON.stringify(modelJson));
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  writeFileSync(path.join(dir, 'labels.json'), JSON.stringify(labels, null, 2) + '\n');
  writeFileSync(path.join(dir, 'standardization.json'), JSON.stringify(preprocessing) + '\n');
}
