import { EMOTIONS } from '../../lib/analysis/emotions';

export interface ClassMetrics {
  label: string;
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

/** The paper's performance matrix: per-class scores, accuracy, macro-F1 and confusion[true][predicted]. */
export interface ClassificationReport {
  accuracy: number;
  macroF1: number;
  perClass: ClassMetrics[];
  labels: string[];
  confusion: number[][];
}

export function classificationReport(truth: number[], predicted: number[], labels: readonly string[] = EMOTIONS): ClassificationReport {
  const k = labels.length;
  const confusion = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  truth.forEach((t, i) => confusion[t][predicted[i]]++);
  const perClass = labels.map((label, c) => {
    const tp = confusion[c][c];
    const support = confusion[c].reduce((a, b) => a + b, 0);
    const predictedCount = confusion.reduce((sum, row) => sum + row[c], 0);
    const precision = predictedCount > 0 ? tp / predictedCount : 0;
    const recall = support > 0 ? tp / support : 0;
    const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
    return { label, precision, recall, f1, support };
  });
  const present = perClass.filter((c) => c.support > 0);
  return {
    accuracy: truth.length > 0 ? truth.filter((t, i) => t === predicted[i]).length / truth.length : 0,
    macroF1: present.reduce((sum, c) => sum + c.f1, 0) / Math.max(1, present.length),
    perClass,
    labels: [...labels],
    confusion,
  };
}

/** Plain-text table of a report, for the console. */
export function formatReport(title: string, report: ClassificationReport): string {
  const pct = (x: number) => (100 * x).toFixed(1).padStart(6);
  const width = Math.max(...report.labels.map((l) => l.length), 9);
  const lines = [
    `${title}: accuracy ${pct(report.accuracy).trim()} %, macro-F1 ${pct(report.macroF1).trim()} %`,
    `${'class'.padEnd(width)}  precision  recall      F1  support`,
    ...report.perClass.map((c) => `${c.label.padEnd(width)}     ${pct(c.precision)}  ${pct(c.recall)}  ${pct(c.f1)}  ${String(c.support).padStart(7)}`),
    `confusion (rows true, columns predicted: ${report.labels.map((l) => l.slice(0, 3)).join(' ')})`,
    ...report.confusion.map((row, i) => `${report.labels[i].padEnd(width)} ${row.map((v) => String(v).padStart(4)).join('')}`),
  ];
  return lines.join('\n');
}
