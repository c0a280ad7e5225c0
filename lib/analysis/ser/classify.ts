import path from 'node:path';
import { ANALYSIS_SAMPLE_RATE } from '../audio/decode';
import { extractFrameFeatures, type FrameFeatures } from '../audio/frame-features';
import { poolFrameFeatures, POOLED_FEATURE_NAMES, type SegmentQuality } from '../audio/pooling';
import { EMOTIONS, topEmotion, type Emotion, type EmotionProbabilities } from '../emotions';
import { initTensorflow, tf } from '../tf';
import { readTemperatures, withTemperature, type SerTemperatures } from './calibration';
import { DEFAULT_SER_MODEL_DIR, loadSerModel, SPEAKER_NORMALISED_SUBDIR, type LoadedSerModel } from './model-files';
import { MIN_SPEAKER_UTTERANCES, SPEAKER_MODEL_FEATURE_NAMES, speakerModelInputs } from './speaker-normalisation';
import { standardize } from './standardization';

/** Below these a segment is "no speech" rather than a guess. */
export const MIN_UTTERANCE_SECONDS = 0.5;
export const MIN_VOICED_FRAMES = 10;
export const MIN_LEVEL_DB = -65;

export type UtteranceEmotion =
  | {
      kind: 'speech';
      /** Over EMOTIONS, in that order, summing to 1. */
      probabilities: EmotionProbabilities;
      emotion: Emotion;
      /** Probability of the top emotion. */
      confidence: number;
      quality: SegmentQuality;
    }
  | { kind: 'no-speech'; reason: 'too-short' | 'too-quiet' | 'no-voiced-frames'; quality: SegmentQuality };

const loaded = new Map<string, Promise<LoadedSerModel>>();

/**
 * Loads a model directory once per process (later calls reuse it); defaults to
 * the shipped global model. `featureNames` is the input layout it must have.
 */
export function loadShippedSerModel(dir: string = DEFAULT_SER_MODEL_DIR, featureNames: readonly string[] = POOLED_FEATURE_NAMES): Promise<LoadedSerModel> {
  let model = loaded.get(dir);
  if (!model) {
    model = initTensorflow().then(async () => {
      const candidate = await loadSerModel(dir);
      if (candidate.labels.join() !== EMOTIONS.join()) throw new Error(`model labels ${candidate.labels.join()} differ from EMOTIONS`);
      if (candidate.preprocessing.featureNames.join() !== featureNames.join()) {
        throw new Error('model was trained on a different pooled feature layout; retrain with npm run train:ser');
      }
      return candidate;
    });
    loaded.set(dir, model);
  }
  return model;
}

/** Pooled features of a segment, or why it is not judged. */
export type UtteranceFeatures =
  | { kind: 'speech'; vector: Float32Array; quality: SegmentQuality }
  | Extract<UtteranceEmotion, { kind: 'no-speech' }>;

/** The model's view of one segment: its pooled features, or "no speech". */
export function utteranceFeatures(pcm: Float32Array, sampleRate: number): UtteranceFeatures {
  if (sampleRate !== ANALYSIS_SAMPLE_RATE) {
    throw new Error(`classifyUtterance expects ${ANALYSIS_SAMPLE_RATE} Hz PCM (decode with decodeAudio/streamAudio), got ${sampleRate} Hz`);
  }
  return segmentFeatures(extractFrameFeatures(pcm), pcm.length / sampleRate);
}

/**
 * utteranceFeatures of a segment whose frame features are already computed
 * (e.g. a slice of a whole lesson chunk's), `seconds` long.
 */
export function segmentFeatures(frames: FrameFeatures, seconds: number): UtteranceFeatures {
  const { vector, quality } = poolFrameFeatures(frames);
  if (seconds < MIN_UTTERANCE_SECONDS) return { kind: 'no-speech', reason: 'too-short', quality };
  if (!(quality.levelDb >= MIN_LEVEL_DB)) return { kind: 'no-speech', reason: 'too-quiet', quality };
  if (quality.voicedFrames < MIN_VOICED_FRAMES) return { kind: 'no-speech', reason: 'no-voiced-frames', quality };
  return { kind: 'speech', vector, quality };
}

/** Runs a model on its input vectors (pooled, or speakerModelInputs for the speaker model) → softmax rows. */
function predictProbabilities({ model, preprocessing }: LoadedSerModel, vectors: Float32Array[]): number[][] {
  if (vectors.length === 0) return [];
  const dims = preprocessing.mean.length;
  const input = new Float32Array(vectors.length * dims);
  vectors.forEach((vector, i) => input.set(standardize(vector, preprocessing), i * dims));
  const flat = tf.tidy(() => tf.softmax(model.predict(tf.tensor2d(input, [vectors.length, dims])) as tf.Tensor2D).dataSync());
  return vectors.map((_, i) => Array.from(flat.subarray(i * EMOTIONS.length, (i + 1) * EMOTIONS.length)));
}

function speechResult(probabilities: number[], quality: SegmentQuality): UtteranceEmotion {
  const top = topEmotion(probabilities);
  return { kind: 'speech', probabilities, emotion: top.emotion, confidence: top.probability, quality };
}

/**
 * Speech emotion of one utterance or speech turn: 16 kHz mono PCM (full
 * scale ±1) → probabilities over EMOTIONS, or "no speech" when the segment is
 * too short, too quiet or has too few voiced frames to judge.
 */
export async function classifyUtterance(pcm: Float32Array, sampleRate: number): Promise<UtteranceEmotion> {
  const segment = utteranceFeatures(pcm, sampleRate);
  if (segment.kind === 'no-speech') return segment;
  const [probabilities] = (await classifySpeakerVectors([segment.vector])).probabilities;
  return speechResult(probabilities, segment.quality);
}

export interface SpeakerUtterances {
  /** Which model judged the speech utterances: the speaker-normalised one, or the global one (fallback). */
  normalisation: 'speaker' | 'global';
  /** One result per input segment, in input order. */
  utterances: UtteranceEmotion[];
}

/**
 * Speech emotion of several utterances of ONE speaker from one recording
 * (e.g. all turns of a diarised speaker in a lesson). With
 * `speakerNormalise` and at least MIN_SPEAKER_UTTERANCES speech segments,
 * each segment's features are also z-scored by that speaker's own statistics
 * and judged by the speaker-normalised model (more accurate on unseen speakers,
 * see models/ser/README.md); otherwise every segment is judged as
 * classifyUtterance would.
 */
export async function classifyUtterances(
  pcms: Float32Array[],
  sampleRate: number,
  options: SpeakerClassifyOptions = {},
): Promise<SpeakerUtterances> {
  const segments = pcms.map((pcm) => utteranceFeatures(pcm, sampleRate));
  const speech = segments.flatMap((segment) => (segment.kind === 'speech' ? [segment] : []));
  const { normalisation, probabilities } = await classifySpeakerVectors(speech.map((s) => s.vector), options);
  let next = 0;
  const utterances = segments.map((segment) => (segment.kind === 'speech' ? speechResult(probabilities[next++], segment.quality) : segment));
  return { normalisation, utterances };
}

export interface SpeakerClassifyOptions {
  speakerNormalise?: boolean;
  modelDir?: string;
  /** Apply the model directory's temperature (calibration.json; on by default). */
  calibrated?: boolean;
}

const temperatures = new Map<string, SerTemperatures>();

/**
 * The pooled vectors (utteranceFeatures) of one speaker's speech segments →
 * probability rows over EMOTIONS; lets a caller that streams a long recording
 * keep only the vectors until a speaker's segments are all known: speaker-normalised with `speakerNormalise` and at least
 * MIN_SPEAKER_UTTERANCES vectors, else the global model per vector.
 */
export async function classifySpeakerVectors(
  vectors: Float32Array[],
  { speakerNormalise = false, modelDir = DEFAULT_SER_MODEL_DIR, calibrated = true }: SpeakerClassifyOptions = {},
): Promise<{ normalisation: SpeakerUtterances['normalisation']; probabilities: number[][] }> {
  const normalisation = speakerNormalise && vectors.length >= MIN_SPEAKER_UTTERANCES ? 'speaker' : 'global';
  const raw =
    normalisation === 'speaker'
      ? predictProbabilities(await loadShippedSerModel(path.join(modelDir, SPEAKER_NORMALISED_SUBDIR), SPEAKER_MODEL_FEATURE_NAMES), speakerModelInputs(vectors))
      : predictProbabilities(await loadShippedSerModel(modelDir), vectors);
  if (!calibrated) return { normalisation, probabilities: raw };
  if (!temperatures.has(modelDir)) temperatures.set(modelDir, readTemperatures(modelDir));
  const temperature = temperatures.get(modelDir)![normalisation];
  return { normalisation, probabilities: raw.map((row) => withTemperature(row, temperature)) };
}
