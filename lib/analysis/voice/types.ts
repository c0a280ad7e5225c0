import type { EmotionProbabilities } from '../emotions';

/**
 * Everything here is plain JSON (numbers, strings, arrays, objects): chunk
 * results are stored as jsonb between worker jobs and merged by a later job.
 * All times are seconds from the start of the lesson.
 */

export interface TimeSpan {
  startS: number;
  endS: number;
}

/** One emotion estimate for a stretch of speech (a turn piece, or a window of a long one). */
export interface EmotionEstimate extends TimeSpan {
  probabilities: EmotionProbabilities;
  /** Classifier confidence in [0, 1]. */
  confidence: number;
}

/** Speech-emotion features of one window of a piece (chunk stage), classified per speaker in the merge. */
export interface EmotionWindowFeatures extends TimeSpan {
  /** The SER model's pooled feature vector (5 significant digits). */
  vector: number[];
}

/**
 * A stretch of speech inside one chunk (a voice-activity span, cut where the voice changes). Pieces of one voice
 * segment share its speaker; around a change that sounds like two voices at once, the pieces either side overlap.
 */
export interface SpeechPiece extends TimeSpan {
  /** Index into the chunk's `segments`: the voice this piece belongs to. */
  segment: number;
  /** Speech level, dBFS (RMS over the piece). */
  levelDb: number;
  /** Median fundamental frequency over voiced frames, Hz (null when nothing was voiced). */
  medianF0Hz: number | null;
  /**
   * Pitch movement over the last voiced stretch of the piece, semitones per second
   * (least-squares slope of log-F0); positive = rising, the cue for a question.
   */
  finalPitchSlope: number | null;
  /** Windows to classify once the lesson's speakers are known (empty when emotion is off or nothing is judged). */
  emotionFeatures: EmotionWindowFeatures[];
}

/** A stretch of one voice inside one chunk (speech with short pauses), clustered lesson-wide by the merge. */
export interface VoiceSegment extends TimeSpan {
  /** Speaker-encoder embedding (SPEAKER_ENCODER_MODEL_ID): the normalised mean of the segment's window embeddings, 4 decimals. */
  embedding: number[];
  /** Seconds of detected speech in the segment. */
  speechS: number;
  /** Speech power over the local noise floor's, dB: low values mean the embedding holds much noise. */
  snrDb: number;
}

/** Sums a merge can add across chunks to get lesson-wide data-quality figures. */
export interface QualityTotals {
  samples: number;
  clippedSamples: number;
  frames: number;
  speechFrames: number;
  /** Frames taken as background for the SNR estimate (no voice-activity detector heard speech). */
  noiseFrames: number;
  /** Sum of frame mean-square power over speech frames and over background frames. */
  speechPowerSum: number;
  noisePowerSum: number;
  /** Sum of frame mean-square power over every frame (the overall level). */
  allPowerSum: number;
}

export interface DataQuality {
  /** Estimated speech-to-noise ratio, dB (null when there is no speech or no pause to measure noise in). */
  estimatedSnrDb: number | null;
  /** Share of analysed time detected as speech, 0..1. */
  speechRatio: number;
  /** Share of samples at or beyond full scale, 0..1. */
  clippingRatio: number;
  /** Overall level, dBFS RMS (−Infinity is reported as null). */
  levelDb: number | null;
  flags: DataQualityFlag[];
}

export type DataQualityFlag = 'clipping' | 'very-low-level' | 'noisy' | 'no-speech';

export interface VoiceChunkResult {
  /**
   * 4: voice segments with speaker-encoder embeddings (3 held a cepstral Gaussian per piece; 2 classified each
   * piece on its own; 1 held LDA embeddings). Chunks of another version cannot be merged.
   */
  version: 4;
  startS: number;
  endS: number;
  segments: VoiceSegment[];
  pieces: SpeechPiece[];
  /** Speech level per whole second of the chunk, dBFS (null for a second without speech). */
  speechLevelDbPerSecond: (number | null)[];
  quality: QualityTotals;
}

export type SpeakerRole = 'teacher' | 'student';

export type TeacherEvidence = 'enrolled-voice' | 'mouth-movement' | 'relabel' | 'dominant-speaker';

export interface LessonSpeaker {
  id: number;
  role: SpeakerRole;
  speechS: number;
  /** The speaker's voice: normalised, speech-weighted mean of its segments' embeddings (4 decimals). */
  embedding: number[];
  /**
   * How this speaker's emotion was judged: 'speaker' (speaker-normalised model), 'too-little-speech' (fewer
   * windows than the model needs: no estimate, shown as "not enough speech"), null when emotion was off or there
   * was nothing to judge. ('global' was the single-window fallback of earlier versions.)
   */
  emotionNormalisation: 'speaker' | 'global' | 'too-little-speech' | null;
  /** Where the speaker's listening sample is cut (voice-sample.ts), and its storage key once the worker cut it. */
  sample: (TimeSpan & { key?: string }) | null;
}

/** A lesson-wide turn: consecutive pieces of one speaker with no other voice between them. */
export interface LessonTurn extends TimeSpan {
  speaker: number;
  /** Indices into LessonVoices.pieces. */
  pieces: number[];
  /** True when the turn ends in a rising pitch (see talk-metrics.ts for the rule). */
  questionLike: boolean;
}

export interface LessonPiece extends Omit<SpeechPiece, 'emotionFeatures' | 'segment'> {
  speaker: number;
  emotions: EmotionEstimate[];
}

export interface LessonVoices {
  /** 4: speakers from the speaker encoder (SPEAKER_ENCODER_MODEL_ID); 3: cepstral Gaussians. */
  version: 4;
  /** The speaker encoder whose embeddings LessonSpeaker.embedding holds. */
  speakerModel: string;
  durationS: number;
  speakers: LessonSpeaker[];
  /** Id of the teacher's speaker, null when no one spoke. */
  teacherSpeakerId: number | null;
  teacherEvidence: TeacherEvidence | null;
  /** False when the teacher was only guessed as the dominant speaker. */
  teacherConfirmed: boolean;
  /** Per-speaker scores behind the teacher choice, for display and audit. */
  teacherScores: { speaker: number; score: number }[];
  pieces: LessonPiece[];
  turns: LessonTurn[];
  speechLevelDbPerSecond: (number | null)[];
  quality: DataQuality;
}
