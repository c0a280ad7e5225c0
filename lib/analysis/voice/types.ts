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
 * A stretch of speech attributed to one voice inside one chunk: a voice
 * activity segment, split where BIC change detection sees a change of voice.
 */
export interface SpeechPiece extends TimeSpan {
  /** Speaker cluster inside this chunk only; the lesson-wide id comes from the merge. */
  localSpeaker: number;
  /** Speaker model of the piece: its MFCC Gaussian, serialised (see speaker-gaussian.ts). */
  embedding: number[];
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

/** Sums a merge can add across chunks to get lesson-wide data-quality figures. */
export interface QualityTotals {
  samples: number;
  clippedSamples: number;
  frames: number;
  speechFrames: number;
  /** Sum of frame mean-square power over speech frames and over non-speech frames. */
  speechPowerSum: number;
  noisePowerSum: number;
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
   * 3: pieces carry emotion features, not estimates (2 classified each piece on its own;
   * 1 held LDA embeddings). Chunks of another version cannot be merged.
   */
  version: 3;
  startS: number;
  endS: number;
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
  /** The cluster's pooled MFCC Gaussian, serialised like SpeechPiece.embedding. */
  embedding: number[];
  /** Which speech-emotion model judged this speaker's windows: speaker-normalised, or global (too few windows); null when none were judged. */
  emotionNormalisation: 'speaker' | 'global' | null;
}

/** A lesson-wide turn: consecutive pieces of one speaker with no other voice between them. */
export interface LessonTurn extends TimeSpan {
  speaker: number;
  /** Indices into LessonVoices.pieces. */
  pieces: number[];
  /** True when the turn ends in a rising pitch (see talk-metrics.ts for the rule). */
  questionLike: boolean;
}

export interface LessonPiece extends Omit<SpeechPiece, 'emotionFeatures'> {
  speaker: number;
  emotions: EmotionEstimate[];
}

export interface LessonVoices {
  version: 3;
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
