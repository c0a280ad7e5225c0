import { ANALYSIS_SAMPLE_RATE } from '../audio/decode';
import { extractFrameFeatures } from '../audio/frame-features';
import { loadVoiceModels } from './models';
import { projectSpeakerStatistics, speakerStatistics } from './speaker-embedding';
import { speechFrameSpans, speechProbabilities } from './vad';

/**
 * Speaker embedding of a teacher's reference recording (20–60 s, 16 kHz mono
 * PCM, e.g. decoded with decodeAudio): the statistics over all its detected
 * speech, in the same space as LessonSpeaker.embedding.
 */
export async function enrolVoice(pcm: Float32Array, sampleRate = ANALYSIS_SAMPLE_RATE): Promise<number[]> {
  if (sampleRate !== ANALYSIS_SAMPLE_RATE) throw new Error(`enrolVoice needs ${ANALYSIS_SAMPLE_RATE} Hz PCM, got ${sampleRate}`);
  const models = await loadVoiceModels();
  const features = extractFrameFeatures(pcm);
  const frames: number[] = [];
  for (const span of speechFrameSpans(speechProbabilities(features, models.vad), features.hop / sampleRate, models.vad)) {
    for (let f = span.start; f < span.end; f++) frames.push(f);
  }
  const stats = speakerStatistics(features, frames);
  if (!stats) throw new Error('the enrolment sample holds too little speech (needs at least half a second)');
  return projectSpeakerStatistics(models.speaker, stats);
}
