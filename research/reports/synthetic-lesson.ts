import { EMOTIONS } from '../../lib/analysis/emotions';
import type { LessonSecond, RunSummary } from '../../lib/db/schema';
import { combine, faceWeight, voiceWeight } from '../../lib/results/fusion';
import { roundTo } from '../../lib/round';
import { seededRandom, uniform } from '../random';

/**
 * A lesson's derived results (per-second rows and run summary) made up by a
 * seeded generator, for the report's bench and layout checks where running
 * the models on an hour of video would take too long: teacher turns with one
 * long monologue, student answers, pauses and one long silence, a class of
 * 8–20 visible students whose attention dips for a few minutes, and a
 * cheerful stretch (frontShift moves the share facing the front, so lessons
 * can differ by class and week). Fused exactly as derive.ts does (lib/results/fusion.ts).
 */
export function syntheticLessonResults(durationS: number, seed = 7, frontShift = 0): { seconds: Omit<LessonSecond, 'runId'>[]; summary: RunSummary } {
  const random = seededRandom(seed);
  const talk: Array<LessonSecond['speech']> = [];
  while (talk.length < durationS) {
    const t = talk.length;
    const monologue = t > durationS * 0.3 && t < durationS * 0.3 + 200;
    const silence = t > durationS * 0.6 && t < durationS * 0.6 + 22;
    if (silence) talk.push(...new Array(20).fill('none'));
    else if (monologue) talk.push(...new Array(150).fill('teacher'));
    else {
      talk.push(...new Array(Math.round(uniform(random, 15, 60))).fill('teacher'));
      talk.push(...new Array(Math.round(uniform(random, 1, 4))).fill('none'));
      talk.push(...new Array(Math.round(uniform(random, 3, 15))).fill(random() < 0.1 ? 'overlap' : 'student'));
      talk.push(...new Array(Math.round(uniform(random, 1, 3))).fill('none'));
    }
  }
  talk.length = durationS;

  const vector = (dominant: number, strength: number) => {
    const v = EMOTIONS.map(() => random() * (1 - strength) * 0.4);
    v[dominant] += strength;
    const sum = v.reduce((a, b) => a + b, 0);
    return v.map((p) => roundTo(p / sum, 4));
  };
  const happy = EMOTIONS.indexOf('happy');
  const neutral = EMOTIONS.indexOf('neutral');
  const seconds: Omit<LessonSecond, 'runId'>[] = [];
  for (let t = 0; t < durationS; t++) {
    const cheerful = t > durationS * 0.45 && t < durationS * 0.45 + 40;
    const distracted = t > durationS * 0.75 && t < durationS * 0.75 + 180;
    const visible = Math.round(uniform(random, 8, 20));
    const readable = Math.round(visible * uniform(random, 0.5, 0.9));
    const posed = readable;
    const front = Math.round(posed * (distracted ? uniform(random, 0.2, 0.4) : uniform(random, 0.65 + frontShift, 0.9 + frontShift)));
    const teacherVisible = random() < 0.85;
    const teacherFace = teacherVisible ? vector(random() < 0.25 ? happy : neutral, uniform(random, 0.4, 0.8)) : null;
    const studentsFace = readable > 0 ? vector(cheerful ? happy : random() < 0.15 ? happy : neutral, cheerful ? 0.8 : uniform(random, 0.3, 0.6)) : null;
    const speech = talk[t];
    const teacherSpeaks = speech === 'teacher' || speech === 'overlap';
    const studentsSpeak = speech === 'student' || speech === 'overlap';
    const teacherVoice = teacherSpeaks ? vector(random() < 0.3 ? happy : neutral, uniform(random, 0.3, 0.7)) : null;
    const studentsVoice = studentsSpeak ? vector(random() < 0.3 ? happy : neutral, uniform(random, 0.3, 0.7)) : null;
    const teacherFaceWeight = faceWeight(teacherVisible ? uniform(random, 0.4, 0.9) : null, teacherFace ? 1 : 0, teacherVisible ? 1 : 0);
    const studentsFaceWeight = faceWeight(uniform(random, 0.3, 0.7), readable, visible);
    const teacherVoiceWeight = teacherSpeaks ? voiceWeight(Math.max(...teacherVoice!), 1, 14) : null;
    const studentsVoiceWeight = studentsSpeak ? voiceWeight(Math.max(...studentsVoice!), 1, 14) : null;
    seconds.push({
      t,
      teacherFace,
      studentsFace,
      studentFacesVisible: visible,
      studentFacesReadable: readable,
      studentFacesPosed: posed,
      studentFacesFront: front,
      speech,
      teacherVoice,
      teacherVoiceConfidence: teacherVoice && Math.max(...teacherVoice),
      studentsVoice,
      studentsVoiceConfidence: studentsVoice && Math.max(...studentsVoice),
      levelDb: speech === 'none' ? null : roundTo(uniform(random, -32, -18), 2),
      teacherFaceWeight,
      studentsFaceWeight,
      teacherVoiceWeight,
      studentsVoiceWeight,
      teacherCombined: combine({ probabilities: teacherFace, weight: teacherFaceWeight }, { probabilities: teacherVoice, weight: teacherVoiceWeight })?.probabilities ?? null,
      studentsCombined: combine({ probabilities: studentsFace, weight: studentsFaceWeight }, { probabilities: studentsVoice, weight: studentsVoiceWeight })?.probabilities ?? null,
    });
  }

  const share = (pred: (s: LessonSecond['speech']) => boolean) => roundTo((100 * talk.filter(pred).length) / durationS, 2);
  const monologueStart = Math.ceil(durationS * 0.3);
  const summaryTalk = {
    startS: 0,
    endS: durationS,
    teacherTalkPct: share((s) => s === 'teacher' || s === 'overlap'),
    studentTalkPct: share((s) => s === 'student' || s === 'overlap'),
    overlapPct: share((s) => s === 'overlap'),
    silencePct: share((s) => s === 'none'),
    studentTurns: Math.round(durationS / 60),
    medianStudentTurnS: 7.5,
    questionLikeTeacherTurns: Math.round(durationS / 120),
    answeredQuestions: Math.round(durationS / 180),
    medianWaitTimeS: 1.6,
    meanWaitTimeS: 2.1,
    longestTeacherMonologueS: 300,
  };
  return {
    seconds,
    summary: {
      faces: { coverage: 0.97, people: 23, teacherPersonKey: 'P1', teacherMethod: 'heuristic', teacherConfirmed: false, teacherExplanation: 'the largest face, visible longest, moving most', detector: 'ssd' },
      voices: {
        speakers: [
          { id: 0, role: 'teacher', speechS: durationS * 0.6 },
          { id: 1, role: 'student', speechS: durationS * 0.1 },
          { id: 2, role: 'student', speechS: durationS * 0.08 },
        ],
        teacherSpeakerId: 0,
        teacherEvidence: 'dominant-speaker',
        teacherConfirmed: false,
        quality: { estimatedSnrDb: 14.2, speechRatio: 0.82, clippingRatio: 0, levelDb: -24.5, flags: [] },
        talk: summaryTalk,
        windows: [],
        monologues: [{ startS: monologueStart, endS: monologueStart + 300 }],
      },
    },
  };
}
