import { cosine, EMBEDDING_SIZE, SPEAKER_ENCODER_MODEL_ID } from './speaker-encoder';
import type { LessonPiece, LessonSpeaker, LessonVoices, TeacherEvidence } from './types';
import { roundTo } from '../../round';

/**
 * Which lesson speaker is the teacher, in order of evidence:
 * 1. an enrolled voice sample made by this speaker encoder: the speaker whose
 *    voice (centroid embedding) is most similar (cosine) to the sample's, if
 *    at least MIN_ENROLLED_SIMILARITY (else the enrolled teacher is taken not to
 *    speak in this recording, and the next evidence decides);
 * 2. mouth movement of the face-stage teacher: the speaker whose per-second
 *    speaking share correlates best (Pearson) with the teacher's mouth
 *    opening, if r ≥ 0.2 and it beats the runner-up by ≥ 0.1;
 * 3. else the speaker with the most speech, marked unconfirmed.
 */
export interface TeacherEvidenceInput {
  /** The teacher's enrolled voice and the model that made it; an enrolment from another model is not used. */
  teacherVoice?: { model: string; embedding: number[] };
  /** Mouth opening of the face-stage teacher over time (per second or per frame). */
  teacherMouthOpenness?: { t: number; open: number }[];
}

export interface TeacherChoice {
  speakerId: number | null;
  evidence: TeacherEvidence | null;
  confirmed: boolean;
  scores: { speaker: number; score: number }[];
}

/** Same-speaker similarity of the encoder on the validation actors sits mostly above this (models/voice/README.md). */
export const MIN_ENROLLED_SIMILARITY = 0.6;
export const MIN_MOUTH_CORRELATION = 0.2;
export const MIN_MOUTH_MARGIN = 0.1;

export function chooseTeacher(speakers: LessonSpeaker[], pieces: LessonPiece[], durationS: number, evidence: TeacherEvidenceInput): TeacherChoice {
  if (speakers.length === 0) return { speakerId: null, evidence: null, confirmed: false, scores: [] };
  const enrolled = usableEnrolment(evidence.teacherVoice);
  if (enrolled) {
    const scores = speakers.map((s) => ({ speaker: s.id, score: roundTo(cosine(enrolled, s.embedding), 3) }));
    const best = scores.reduce((a, b) => (b.score > a.score ? b : a));
    if (best.score >= MIN_ENROLLED_SIMILARITY) return { speakerId: best.speaker, evidence: 'enrolled-voice', confirmed: true, scores };
  }
  if (evidence.teacherMouthOpenness && evidence.teacherMouthOpenness.length > 0) {
    const seconds = Math.ceil(durationS);
    const mouth = perSecondMean(evidence.teacherMouthOpenness, seconds);
    const scores = speakers.map((s) => ({ speaker: s.id, score: pearson(mouth, speakingShare(pieces, s.id, seconds)) }));
    const ranked = [...scores].sort((a, b) => b.score - a.score);
    const margin = ranked.length > 1 ? ranked[0].score - ranked[1].score : ranked[0].score;
    if (ranked[0].score >= MIN_MOUTH_CORRELATION && margin >= MIN_MOUTH_MARGIN) {
      return { speakerId: ranked[0].speaker, evidence: 'mouth-movement', confirmed: true, scores };
    }
  }
  const scores = speakers.map((s) => ({ speaker: s.id, score: s.speechS }));
  const best = scores.reduce((a, b) => (b.score > a.score ? b : a));
  return { speakerId: best.speaker, evidence: 'dominant-speaker', confirmed: false, scores };
}

function usableEnrolment(voice: TeacherEvidenceInput['teacherVoice']): number[] | null {
  return voice && voice.model === SPEAKER_ENCODER_MODEL_ID && voice.embedding.length === EMBEDDING_SIZE ? voice.embedding : null;
}

/** Share of each second the speaker is speaking. */
export function speakingShare(pieces: LessonPiece[], speaker: number, seconds: number): (number | null)[] {
  const share = new Array<number>(seconds).fill(0);
  for (const p of pieces) {
    if (p.speaker !== speaker) continue;
    for (let s = Math.floor(p.startS); s < Math.min(seconds, Math.ceil(p.endS)); s++) share[s] += Math.max(0, Math.min(p.endS, s + 1) - Math.max(p.startS, s));
  }
  return share;
}

function perSecondMean(samples: { t: number; open: number }[], seconds: number): (number | null)[] {
  const sum = new Array<number>(seconds).fill(0);
  const count = new Array<number>(seconds).fill(0);
  for (const { t, open } of samples) {
    const s = Math.floor(t);
    if (s < 0 || s >= seconds || !Number.isFinite(open)) continue;
    sum[s] += open;
    count[s]++;
  }
  return sum.map((v, s) => (count[s] > 0 ? v / count[s] : null));
}

/** Pearson correlation over the seconds where both series are defined (0 when undefined). */
function pearson(a: (number | null)[], b: (number | null)[]): number {
  const xs: number[] = [];
  const ys: number[] = [];
  a.forEach((x, i) => {
    const y = b[i];
    if (x !== null && y !== null && y !== undefined) {
      xs.push(x);
      ys.push(y);
    }
  });
  if (xs.length < 3) return 0;
  const mx = xs.reduce((s, v) => s + v, 0) / xs.length;
  const my = ys.reduce((s, v) => s + v, 0) / ys.length;
  let num = 0, dx = 0, dy = 0;
  for (let i = 0; i < xs.length; i++) {
    num += (xs[i] - mx) * (ys[i] - my);
    dx += (xs[i] - mx) ** 2;
    dy += (ys[i] - my) ** 2;
  }
  return dx > 0 && dy > 0 ? num / Math.sqrt(dx * dy) : 0;
}

/**
 * The teacher's relabel on the lesson page: re-derives roles with the chosen
 * speaker (or none) without touching audio. Timelines and metrics are then
 * recomputed from the returned value.
 */
export function relabelTeacher(voices: LessonVoices, teacherSpeakerId: number | null): LessonVoices {
  if (teacherSpeakerId !== null && !voices.speakers.some((s) => s.id === teacherSpeakerId)) throw new Error(`no speaker ${teacherSpeakerId} in this lesson`);
  return withTeacher(voices, teacherSpeakerId, teacherSpeakerId === null ? null : 'relabel', teacherSpeakerId !== null);
}

/**
 * The face teacher changed (marked on the lesson page): a voice teacher that
 * was only guessed, or linked to the previous face's mouth, is linked again
 * to the new face's mouth movement. An enrolled voice or the teacher's own
 * voice choice stays.
 */
export function relinkTeacherByMouth(voices: LessonVoices, teacherMouthOpenness: TeacherEvidenceInput['teacherMouthOpenness']): LessonVoices {
  if (voices.teacherEvidence === 'enrolled-voice' || voices.teacherEvidence === 'relabel') return voices;
  const choice = chooseTeacher(voices.speakers, voices.pieces, voices.durationS, { teacherMouthOpenness });
  return withTeacher({ ...voices, teacherScores: choice.scores }, choice.speakerId, choice.evidence, choice.confirmed);
}

export function withTeacher(voices: LessonVoices, teacherSpeakerId: number | null, evidence: TeacherEvidence | null, confirmed: boolean): LessonVoices {
  return {
    ...voices,
    speakers: voices.speakers.map((s) => ({ ...s, role: s.id === teacherSpeakerId ? 'teacher' : 'student' })),
    teacherSpeakerId,
    teacherEvidence: evidence,
    teacherConfirmed: confirmed,
  };
}
