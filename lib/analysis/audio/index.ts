/**
 * Shared audio analysis for LessonLens (speech emotion + the live voice stage).
 * Everything runs at 16 kHz mono Float32 PCM (full scale ±1).
 *
 * Decoding (ffmpeg, no temp files):
 * - `streamAudio(path, { chunkSamples?, startSeconds?, durationSeconds?, filter? })` → AsyncGenerator<Float32Array>,
 *   bounded memory; use for whole lessons.
 * - `decodeAudio(path, options?)` → Promise<Float32Array>; whole file in memory, for short clips.
 * - `decodeAudioVariants(path, filters)` → Promise<Float32Array[]>; one ffmpeg run, one output per filter graph.
 *
 * Frame features (32 ms Hann windows = 512 samples, 16 ms hop = 256, one 1024-point FFT per frame):
 * - `new FrameFeatureExtractor(options?)`, `.push(chunk)` → `FrameFeatures` (columnar Float32Arrays: mfcc[13/frame],
 *   melLog[26/frame], rms, zcr, centroidHz, flatness, rolloffHz, f0Hz, periodicity, voiced) for the frames each chunk completes;
 *   identical output whatever the chunking. Frame i starts at sample i·256 (`frameTimeSeconds(i)` gives its centre).
 * - `extractFrameFeatures(pcm)` → FrameFeatures of a whole in-memory signal.
 * - `concatFrameFeatures(blocks)`, `sliceFrameFeatures(features, start, end)` to assemble segments from streamed blocks.
 *
 * Pooling:
 * - `poolFrameFeatures(features)` → `{ vector: Float32Array (POOLED_VECTOR_LENGTH, names in POOLED_FEATURE_NAMES),
 *   quality: { frames, activeFrames, voicedFrames, speechRatio, voicedRatio, levelDb } }`: MFCC/energy/spectral/F0
 *   statistics, then spectral-balance (log-mel bands, alpha ratio, Hammarberg, slopes, flux), voice-quality (HNR,
 *   jitter, shimmer) and rhythm (voiced runs, loudness-peak rate, pauses, F0 slopes) functionals.
 */
export { ANALYSIS_SAMPLE_RATE, decodeAudio, decodeAudioVariants, streamAudio, type DecodeOptions } from './decode';
export { RealFft } from './fft';
export { DEFAULT_PITCH_OPTIONS, PitchTracker, type PitchEstimate, type PitchOptions } from './pitch';
export {
  DEFAULT_FRAME_OPTIONS,
  FrameFeatureExtractor,
  concatFrameFeatures,
  extractFrameFeatures,
  frameTimeSeconds,
  melBandCentresHz,
  sliceFrameFeatures,
  type FrameFeatureOptions,
  type FrameFeatures,
} from './frame-features';
export {
  BASIC_FEATURE_NAMES,
  DEFAULT_POOLING_OPTIONS,
  POOLED_FEATURE_NAMES,
  POOLED_VECTOR_LENGTH,
  poolFrameFeatures,
  type PooledSegment,
  type PoolingOptions,
  type SegmentQuality,
} from './pooling';
