import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** Temperatures fitted by `npm run calibrate:ser` on the validation speakers, beside the model weights. */
export const CALIBRATION_FILE = 'calibration.json';

export interface SerTemperatures {
  /** The speaker-normalised model's and the global model's temperature. */
  speaker: number;
  global: number;
}

/** p^(1/T), renormalised: T > 1 softens over-confident rows, T < 1 sharpens; the top class never changes. */
export function withTemperature(probabilities: number[], temperature: number): number[] {
  const logs = probabilities.map((p) => Math.log(Math.max(p, 1e-12)) / temperature);
  const top = Math.max(...logs);
  const exps = logs.map((l) => Math.exp(l - top));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / sum);
}

/** The model directory's temperatures; 1 (uncalibrated) when it has none. */
export function readTemperatures(modelDir: string): SerTemperatures {
  const file = path.join(modelDir, CALIBRATION_FILE);
  if (!existsSync(file)) return { speaker: 1, global: 1 };
  const { temperatures } = JSON.parse(readFileSync(file, 'utf8')) as { temperatures: SerTemperatures };
  return temperatures;
}
