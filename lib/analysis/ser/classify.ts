import { ANALYSIS_SAMPLE_RATE } from '../audio/decode';
import { extractFrameFeatures } from '../audio/frame-features';
import { poolFrameFeatures, POOLED_FEATURE_NAMES, type SegmentQuality } from '../audio/pooling';
import { EMOTIONS, topEmotion, type Emotion, type EmotionProbabilities } from '../emotions';
import { initTensorflow, tf } from '../tf';
import { DEFAULT_SER_MODEL_DIR, loadSerModel, type LoadedSerModel } from './model-files';
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

let loaded: Promise<LoadedSerModel> | undefined;

/** Loads the shipped model once per process (later calls reuse it). */
export function loadShippedSerModel(dir: string = DEFAULT_SER_MODEL_DIR): Promise<LoadedSerModel> {
  loaded ??= initTensorflow().then(async () => {
    const model = await loadSerModel(dir);
    if (model.labels.join() !== EMOTIONS.join()) throw new Error(`model labels ${model.labels.join()} differ from EMOTIONS`);
    if (model.preprocessing.featureNames.join() !== POOLED_FEATURE_NAMES.join()) {
      throw new Error('model was trained on a different pooled feature layout; retrain with npm run train:ser');
    }
    return model;
  });
  return loaded;
}

/**
 * Speech emotion of one utterance or speech turn: 16 kHz mono PCM (full
 * scale ±1) → probabilities over EMOTIONS, or "no speech" when the segment is
 * too short, too quiet or has too few voiced frames to judge.
 */
export async function classifyUtterance(pcm: Float32Array, sampleRate: number): Promise<UtteranceEmotion> {
  if (sampleRate !== ANALYSIS_SAMPLE_RATE) {
    throw new Error(`classifyUtterance expects ${ANALYSIS_SAMPLE_RATE} Hz PCM (decode with decodeAudio/streamAudio), got ${sampleRate} Hz`);
  }
  const { model, preprocessing } = await loadShippedSerModel();
  const { vector, quality } = poolFrameFeatures(extractFrameFeatures(pcm));
  if (pcm.length < MIN_UTTERANCE_SECONDS * sampleRate) return { kind: 'no-speech', reason: 'too-short', quality };
  if (!(quality.levelDb >= MIN_LEVEL_DB)) return { kind: 'no-speech', reason: 'too-quiet', quality };
  if (quality.voicedFrames < MIN_VOICED_FRAMES) return { kind: 'no-speech', reason: 'no-voiced-frames', quality };
  const input = standardize(vector, preprocessing);
  const probabilities = tf.tidy(() => tf.softmax(model.predict(tf.tensor2d(input, [1, input.length])) as tf.Tensor2D).dataSync());
  const list = Array.from(probabilities);
  const top = topEmotion(list);
  return { kind: 'speech', probabilities: list, emotion: top.emotion, confidence: top.probability, quality };
}
