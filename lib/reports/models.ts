import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { EMOTIONS, type Emotion } from '../analysis/emotions';
import { roundTo } from '../round';

/**
 * What the report says about the models: their names and versions (data
 * quality panel) and how well they did on labelled data (performance-matrix
 * appendix), read from `models/*` as shipped, never restated by hand.
 */

export interface ClassScores {
  label: Emotion;
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface ModelPerformance {
  model: string;
  /** Which labelled data the figures were measured on, and how. */
  measuredOn: string;
  accuracy: number;
  macroF1: number;
  classes: ClassScores[];
}

export interface ModelIdentity {
  role: string;
  name: string;
  version: string;
}

const modelsDir = () => path.resolve(/*turbopackIgnore: true*/ process.cwd(), 'models');
const readJson = <T>(file: string): T => JSON.parse(readFileSync(path.join(modelsDir(), file), 'utf8')) as T;
const shortHash = (file: string) => createHash('sha256').update(readFileSync(path.join(modelsDir(), file))).digest('hex').slice(0, 12);

type FaceMetrics = {
  generatedAt: string;
  expressions: { dataset: string; method: string; images: number; accuracy: number; macroF1: number; perClass: Record<Emotion, Omit<ClassScores, 'label'>> };
};
type SerReport = { accuracy: number; macroF1: number; perClass: Array<Omit<ClassScores, 'label'> & { label: Emotion }> };
type SerMetrics = {
  corpus: string;
  split: { validationSpeakers: string[]; validationClips: Record<string, number> };
  speakerNormalised: { network: { architecture: string; validation: SerReport } };
};

const round = (v: number) => roundTo(v, 3);

function readPerformance(): ModelPerformance[] {
  const face = readJson<FaceMetrics>('face/metrics.json');
  const ser = readJson<SerMetrics>('ser/metrics.json');
  const serValidation = ser.speakerNormalised.network.validation;
  const clips = Object.values(ser.split.validationClips).reduce((a, b) => a + b, 0);
  return [
    {
      model: 'Face expressions (face-api FaceExpressionNet)',
      measuredOn: `${face.expressions.images} labelled face photos (${face.expressions.dataset.replace(/^\.\.\/shared\/data\//, '')}); ${face.expressions.method}. The labels were assigned by students: expect label noise.`,
      accuracy: round(face.expressions.accuracy),
      macroF1: round(face.expressions.macroF1),
      classes: EMOTIONS.map((label) => ({ label, ...roundScores(face.expressions.perClass[label]) })),
    },
    {
      model: 'Tone of voice (LessonLens voice network, speaker-normalised)',
      measuredOn: `${clips} acted speech clips of ${ser.split.validationSpeakers.length} speakers not used in training (${ser.corpus.toUpperCase()}, studio recordings; calm counted as neutral). Classroom recordings are noisier: expect lower figures.`,
      accuracy: round(serValidation.accuracy),
      macroF1: round(serValidation.macroF1),
      classes: EMOTIONS.map((label) => ({ label, ...roundScores(serValidation.perClass.find((c) => c.label === label)!) })),
    },
  ];
}

function roundScores(s: Omit<ClassScores, 'label'>): Omit<ClassScores, 'label'> {
  return { precision: round(s.precision), recall: round(s.recall), f1: round(s.f1), support: s.support };
}

function readIdentities(): ModelIdentity[] {
  const faceApi = (JSON.parse(readFileSync(path.resolve(/*turbopackIgnore: true*/ process.cwd(), 'node_modules/@vladmandic/face-api/package.json'), 'utf8')) as { version: string }).version;
  const ser = readJson<SerMetrics>('ser/metrics.json');
  return [
    { role: 'Face expressions and landmarks', name: 'face-api FaceExpressionNet, FaceLandmark68Net', version: `@vladmandic/face-api ${faceApi}` },
    { role: 'Voice activity', name: 'LessonLens voice-activity detector (models/voice)', version: `vad.json ${shortHash('voice/vad.json')}` },
    { role: 'Tone of voice', name: `LessonLens voice network, ${ser.speakerNormalised.network.architecture} (models/ser)`, version: `weights ${shortHash('ser/speaker-normalised/weights.bin')}` },
  ];
}

let cached: { performance: ModelPerformance[]; identities: ModelIdentity[] } | undefined;

/** Read once per process: the files only change with a new release. */
export function shippedModels(): { performance: ModelPerformance[]; identities: ModelIdentity[] } {
  cached ??= { performance: readPerformance(), identities: readIdentities() };
  return cached;
}
