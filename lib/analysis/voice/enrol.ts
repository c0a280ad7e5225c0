import { ANALYSIS_SAMPLE_RATE } from '../audio/decode';
import { extractFrameFeatures } from '../audio/frame-features';
import { MIN_CLUSTER_FRAMES } from './clustering';
import { loadVoiceModels } from './models';
import { speakerCepstra } from './speaker-features';
import { encodeGaussian, FrameStatistics, mergeGaussians } from './speaker-gaussian';
import { speechFrameSpans, speechProbabilities } from './vad';

/**
 * Voice model of a teacher's reference recording (20–60 s, 16 kHz mono PCM,
 * e.g. decoded with decodeAudio): the MFCC Gaussian over all its detected
 * speech, in the same form as LessonSpeaker.embedding (pass it to
 * mergeVoiceChunks as teacherVoiceEmbedding).
 */
export async function enrolVoice(pcm: Float32Array, sampleRate = ANALYSIS_SAMPLE_RATE): Promise<number[]> {
  if (sampleRate !== ANALYSIS_SAMPLE_RATE) throw new Error(`enrolVoice needs ${ANALYSIS_SAMPLE_RATE} Hz PCM, got ${sampleRate}`);
  const models = await loadVoiceModels();
  const features = extractFrameFeatures(pcm);
  const statistics = new FrameStatistics(speakerCepstra(pcm, features.count), features.count);
  const spans = speechFrameSpans(speechProbabilities(features, models.vad), features.hop / sampleRate, models.vad);
  const speech = spans.map((span) => statistics.gaussian(span.start, span.end));
  if (speech.reduce((n, g) => n + g.frames, 0) < MIN_CLUSTER_FRAMES) throw new Error('the enrolment sample holds too little speech (needs at least a second)');
  return encodeGaussian(speech.reduce(mergeGaussians));
}
