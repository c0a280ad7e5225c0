import { ANALYSIS_SAMPLE_RATE } from '../audio/decode';
import { extractFrameFeatures } from '../audio/frame-features';
import { loadVoiceModels } from './models';
import { loadSpeakerEncoder, SPEAKER_ENCODER_MODEL_ID } from './speaker-encoder';
import { speechFrameSpans, speechProbabilities } from './vad';

/** An enrolment needs at least this much detected speech. */
export const MIN_ENROLMENT_SPEECH_S = 3;

export interface VoiceTemplate {
  /** The speaker encoder that made the embedding (SPEAKER_ENCODER_MODEL_ID); store it beside the embedding. */
  model: string;
  embedding: number[];
}

/**
 * The voice of a teacher's reference recording (20–60 s, 16 kHz mono PCM,
 * e.g. decoded with decodeAudio): the speaker encoder's utterance embedding of
 * its detected speech, pauses left out. Pass it to mergeVoiceChunks as
 * teacherVoice.
 */
export async function enrolVoice(pcm: Float32Array, sampleRate = ANALYSIS_SAMPLE_RATE): Promise<VoiceTemplate> {
  if (sampleRate !== ANALYSIS_SAMPLE_RATE) throw new Error(`enrolVoice needs ${ANALYSIS_SAMPLE_RATE} Hz PCM, got ${sampleRate}`);
  const models = await loadVoiceModels();
  const features = extractFrameFeatures(pcm);
  const spans = speechFrameSpans(speechProbabilities(features, models.vad), features.hop / sampleRate, models.vad);
  const pieces = spans.map((span) => pcm.subarray(span.start * features.hop, Math.min(pcm.length, (span.end - 1) * features.hop + features.frameSize)));
  const speech = new Float32Array(pieces.reduce((n, p) => n + p.length, 0));
  pieces.reduce((at, p) => (speech.set(p, at), at + p.length), 0);
  if (speech.length < MIN_ENROLMENT_SPEECH_S * sampleRate) throw new Error(`the enrolment sample holds too little speech (needs at least ${MIN_ENROLMENT_SPEECH_S} s)`);
  const embedding = await (await loadSpeakerEncoder()).embedUtterance(speech);
  return { model: SPEAKER_ENCODER_MODEL_ID, embedding: Array.from(embedding, (v) => Math.round(v * 10000) / 10000) };
}
