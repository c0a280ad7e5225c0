import { SPEAKER_ENCODER_MODEL_ID } from './speaker-encoder';
import { clusterVoices } from './speaker-clusters';
import { chooseTeacher, withTeacher, type TeacherEvidenceInput } from './teacher';
import { voiceSampleSpan } from './voice-sample';
import { classifySpeakerEmotions } from './turn-emotion';
import type { DataQuality, DataQualityFlag, LessonPiece, LessonSpeaker, LessonTurn, LessonVoices, QualityTotals, VoiceChunkResult } from './types';
import { roundTo } from '../../round';

/** Pauses up to this long keep a speaker's turn going when no one else speaks in between. */
export const MAX_TURN_PAUSE_S = 3;
/** A turn ending with a final pitch rise of at least this many semitones per second is question-like. */
export const QUESTION_RISE_ST_PER_S = 4;

export interface MergeOptions extends TeacherEvidenceInput {
  /** Overrides the clustering's stopping similarity (for tuning; CLUSTER_SIMILARITY by default). */
  clusterSimilarity?: number;
}

/**
 * Joins chunk results (any order, each covering a span of the lesson) into
 * the lesson's voices: lesson-wide speakers from the chunks' voice segments,
 * the teacher, turns, speech emotion judged per speaker, and data quality. An
 * audio-only lesson simply has no mouth evidence.
 */
export async function mergeVoiceChunks(chunks: VoiceChunkResult[], options: MergeOptions = {}): Promise<LessonVoices> {
  const stale = chunks.find((c) => c.version !== 4);
  if (stale) throw new Error(`voice chunk results of version ${stale.version} cannot be merged with this version; re-run the analysis`);
  const ordered = [...chunks].sort((a, b) => a.startS - b.startS);
  const durationS = ordered.length > 0 ? Math.max(...ordered.map((c) => c.endS)) : 0;
  const segments = ordered.flatMap((c) => c.segments);
  const offsets = ordered.map((_, k) => ordered.slice(0, k).reduce((n, c) => n + c.segments.length, 0));
  const { labels, centroids } = clusterVoices(segments, options.clusterSimilarity);
  const labelled = ordered
    .flatMap((c, k) => c.pieces.map((p) => ({ ...p, speaker: labels[offsets[k] + p.segment] })))
    .sort((a, b) => a.startS - b.startS);
  const emotions = await classifySpeakerEmotions(labelled);
  const lessonPieces: LessonPiece[] = labelled.map(({ emotionFeatures: _, segment: __, ...piece }, i) => ({ ...piece, emotions: emotions.pieces[i] }));
  const speakers: LessonSpeaker[] = centroids.map((centroid, id) => ({
    id,
    role: 'student',
    speechS: roundTo(lessonPieces.reduce((sum, p) => sum + (p.speaker === id ? p.endS - p.startS : 0), 0), 2),
    embedding: Array.from(centroid, (v) => roundTo(v, 4)),
    emotionNormalisation: emotions.normalisation.get(id) ?? null,
    sample: null,
  }));
  const speechLevelDbPerSecond: (number | null)[] = new Array(Math.ceil(durationS - 1e-6)).fill(null);
  for (const chunk of ordered) chunk.speechLevelDbPerSecond.forEach((level, k) => (speechLevelDbPerSecond[Math.floor(chunk.startS) + k] = level));
  const voices: LessonVoices = {
    version: 4,
    speakerModel: SPEAKER_ENCODER_MODEL_ID,
    durationS: roundTo(durationS, 2),
    speakers,
    teacherSpeakerId: null,
    teacherEvidence: null,
    teacherConfirmed: false,
    teacherScores: [],
    pieces: lessonPieces,
    turns: lessonTurns(lessonPieces),
    speechLevelDbPerSecond,
    quality: dataQuality(ordered.map((c) => c.quality)),
  };
  for (const speaker of speakers) speaker.sample = voiceSampleSpan(voices, speaker.id);
  const choice = chooseTeacher(speakers, lessonPieces, durationS, options);
  return withTeacher({ ...voices, teacherScores: choice.scores }, choice.speakerId, choice.evidence, choice.confirmed);
}

/** Consecutive pieces of one speaker with pauses ≤ MAX_TURN_PAUSE_S and no other voice between them. */
export function lessonTurns(pieces: LessonPiece[]): LessonTurn[] {
  const turns: LessonTurn[] = [];
  pieces.forEach((piece, index) => {
    const last = turns[turns.length - 1];
    if (last && last.speaker === piece.speaker && piece.startS - last.endS <= MAX_TURN_PAUSE_S) {
      last.endS = Math.max(last.endS, piece.endS);
      last.pieces.push(index);
    } else {
      turns.push({ startS: piece.startS, endS: piece.endS, speaker: piece.speaker, pieces: [index], questionLike: false });
    }
  });
  for (const turn of turns) {
    const slope = pieces[turn.pieces[turn.pieces.length - 1]].finalPitchSlope;
    turn.questionLike = slope !== null && slope >= QUESTION_RISE_ST_PER_S;
  }
  return turns;
}

export function dataQuality(totals: QualityTotals[]): DataQuality {
  const sum = (pick: (t: QualityTotals) => number) => totals.reduce((s, t) => s + pick(t), 0);
  const samples = sum((t) => t.samples);
  const frames = sum((t) => t.frames);
  const speechFrames = sum((t) => t.speechFrames);
  const noiseFrames = sum((t) => t.noiseFrames);
  const speechPower = speechFrames > 0 ? sum((t) => t.speechPowerSum) / speechFrames : 0;
  const noisePower = noiseFrames > 0 ? sum((t) => t.noisePowerSum) / noiseFrames : 0;
  const allPower = frames > 0 ? sum((t) => t.allPowerSum) / frames : 0;
  const estimatedSnrDb = speechFrames > 0 && noiseFrames > 0 && noisePower > 0 ? roundTo(10 * Math.log10(Math.max(speechPower - noisePower, 1e-12) / noisePower), 2) : null;
  const clippingRatio = samples > 0 ? sum((t) => t.clippedSamples) / samples : 0;
  const levelDb = allPower > 0 ? roundTo(10 * Math.log10(allPower), 2) : null;
  const speechRatio = frames > 0 ? speechFrames / frames : 0;
  const flags: DataQualityFlag[] = [];
  if (clippingRatio > 0.001) flags.push('clipping');
  if (levelDb === null || levelDb < -50) flags.push('very-low-level');
  if (estimatedSnrDb !== null && estimatedSnrDb < 5) flags.push('noisy');
  if (speechFrames === 0) flags.push('no-speech');
  return { estimatedSnrDb, speechRatio: roundTo(speechRatio, 4), clippingRatio: roundTo(clippingRatio, 6), levelDb, flags };
}

