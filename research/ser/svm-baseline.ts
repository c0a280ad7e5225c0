import { createRequire } from 'node:module';
import { EMOTIONS } from '../../lib/analysis/emotions';
import { classificationReport, type ClassificationReport } from './metrics';

interface LibSvm {
  train(samples: number[][], labels: number[]): void;
  predict(samples: number[][]): number[];
  free(): void;
}
interface LibSvmConstructor {
  new (options: { type: number; kernel: number; cost: number; gamma: number; quiet: boolean }): LibSvm;
  SVM_TYPES: { C_SVC: number };
  KERNEL_TYPES: { RBF: number };
}

// The asm.js build loads synchronously and offline (the wasm build tries fetch() first).
const SVM = createRequire(import.meta.url)('libsvm-js/asm') as LibSvmConstructor;

export interface SvmGridResult {
  cost: number;
  gamma: number;
  report: ClassificationReport;
  /** Every grid point with its validation macro-F1. */
  grid: { cost: number; gamma: number; macroF1: number; accuracy: number }[];
}

/**
 * The paper's baseline: C-SVC with an RBF kernel on standardized pooled
 * vectors, C and γ chosen by macro-F1 on the validation speakers.
 */
export function trainSvmBaseline(
  train: { x: number[][]; y: number[] },
  validation: { x: number[][]; y: number[] },
  costs = [0.5, 1, 2, 4, 8, 16, 32],
  gammaScales = [0.25, 0.5, 1, 2, 4],
): SvmGridResult {
  const dims = train.x[0].length;
  const grid: SvmGridResult['grid'] = [];
  let best: SvmGridResult | undefined;
  for (const cost of costs) {
    for (const scale of gammaScales) {
      const gamma = scale / dims;
      const svm = new SVM({ type: SVM.SVM_TYPES.C_SVC, kernel: SVM.KERNEL_TYPES.RBF, cost, gamma, quiet: true });
      svm.train(train.x, train.y);
      const predicted = svm.predict(validation.x);
      svm.free();
      const report = classificationReport(validation.y, predicted, EMOTIONS);
      grid.push({ cost, gamma, macroF1: report.macroF1, accuracy: report.accuracy });
      if (!best || report.macroF1 > best.report.macroF1) best = { cost, gamma, report, grid };
    }
  }
  if (!best) throw new Error('empty SVM grid');
  return best;
}
