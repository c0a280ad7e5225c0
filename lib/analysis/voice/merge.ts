import { bicClusters, CLUSTER_PENALTY, MIN_CLUSTER_FRAMES } from './clustering';
import { decodeGaussian, encodeGaussian, mergeGaussians } from './speaker-gaussian';
import { chooseTeacher, withTeacher, type TeacherEvidenceInput } from './teacher';
import { classifySpeakerEmotions } from './turn-emotion';
import type { DataQuality, DataQualityFlag, LessonPiece, LessonSpeaker, LessonTurn, LessonVoices, QualityTotals, TeacherEvidence, VoiceChunkResult } from './types';
import { roundTo } from '../../round';

/** Pauses up to this long keep a speaker's turn going when no one else speaks in between. */
export const MAX_TURN_PAUSE_S = 3;
/** A turn ending with a final pitch rise of at least this many semitones per second is question-like. */
export const QUESTION_RISE_ST_PER_S = 4;

export interface MergeOptions extends TeacherEvidenceInput {
  /** Overrides the BIC penalty weight of the lesson-wide clustering (for tuning; CLUSTER_PENALTY by default). */
  clusterPenalty?: number;
}

/**
 * Joins chunk results (any order, each covering a span of the lesson) into
 * the lesson's voices: lesson-wide speaker clusters, the teacher, turns,
 * speech emotion judged per speaker, and data quality. An audio-only lesson
 * simply has no mouth evidence.
 */
export async function mergeVoiceChunks(chunks: VoiceChunkResult[], options: MergeOptions = {}): Promise<LessonVoices> {
  const stale = chunks.find((c) => c.version !== 3);
  if (stale) throw new Error(`voice chunk results of version ${stale.version} cannot be merged with this version; re-run the analysis`);
  const ordered = [...chunks].sort((a, b) => a.startS - b.startS);
  const durationS = ordered.length > 0 ? Math.max(...ordered.map((c) => c.endS)) : 0;
  const pieces = ordered.flatMap((c) => c.pieces).sort((a, b) => a.startS - b.startS);
  const weights = pieces.map((p) => p.endS - p.startS);
  const gaussians = pieces.map((p) => decodeGaussian(p.embedding));
  const labels = bicClusters(gaussians, { penalty: options.clusterPenalty ?? CLUSTER_PENALTY, minFrames: MIN_CLUSTER_FRAMES });
  // Speaker ids by descending speech time.
  const speechByLabel = new Map<number, number>();
  labels.forEach((label, i) => speechByLabel.set(label, (speechByLabel.get(label) ?? 0) + weights[i]));
  const byTime = [...speechByLabel.entries()].sort((a, b) => b[1] - a[1]).map(([label]) => label);
  const labelled = pieces.map((p, i) => ({ ...p, speaker: byTime.indexOf(labels[i]) }));
  const emotions = await classifySpeakerEmotions(labelled);
  const lessonPieces: LessonPiece[] = labelled.map(({ emotionFeatures: _, ...piece }, i) => ({ ...piece, emotions: emotions.pieces[i] }));
  const speakers: Omit<LessonSpeaker, 'role'>[] = byTime.map((label, id) => {
    const members = gaussians.filter((_, i) => labels[i] === label);
    return { id, speechS: roundTo(speechByLabel.get(label)!, 2), embedding: encodeGaussian(members.reduce(mergeGaussians)), emotionNormalisation: emotions.normalisation.get(id) ?? null };
  });
  const speechLevelDbPerSecond: (number | null)[] = new Array(Math.ceil(durationS - 1e-6)).fill(null);
  for (const chunk of ordered) chunk.speechLevelDbPerSecond.forEach((level, k) => (speechLevelDbPerSecond[Math.floor(chunk.startS) + k] = level));
  const base = {
    version: 3 as const,
    durationS: roundTo(durationS, 2),
    pieces: lessonPieces,
    turns: lessonTurns(lessonPieces),
    speechLevelDbPerSecond,
    quality: dataQuality(ordered.map((c) => c.quality)),
  };
  const choice = chooseTeacher(speakers.map((s) => ({ ...s, role: 'student' })), lessonPieces, durationS, options);
  return withTeacher({ ...base, speakers: speakers.map((s) => ({ ...s, role: 'student' })), teacherScores: choice.scores, teacherSpeakerId: null, teacherEvidence: null, teacherConfirmed: false }, choice.speakerId, choice.evidence, choice.confirmed);
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
  const noiseFrames = frames - speechFrames;
  const speechPower = speechFrames > 0 ? sum((t) => t.speechPowerSum) / speechFrames : 0;
  const noisePower = noiseFrames > 0 ? sum((t) => t.noisePowerSum) / noiseFrames : 0;
  const allPower = frames > 0 ? (sum((t) => t.speechPowerSum) + sum((t) => t.noisePowerSum)) / frames : 0;
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
