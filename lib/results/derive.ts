import { faceTimelines } from '../analysis/face/timelines';
import { talkMetrics } from '../analysis/voice/talk-metrics';
import { voiceTimelines } from '../analysis/voice/timeline';
import { combine, faceWeight, voiceWeight } from './fusion';
import type { LessonAnalysis } from './lesson-analysis';
import type { lessonPeople, lessonSeconds, RunSummary } from '../db/schema';

type PersonRow = Omit<typeof lessonPeople.$inferInsert, 'runId' | 'thumbnailKey'>;
type SecondRow = Omit<typeof lessonSeconds.$inferInsert, 'runId'>;

/** Teacher turns at least this long are listed as monologues (key moments). */
const MONOLOGUE_LISTED_S = 60;

/** Per-person and per-second rows and the lesson summary, derived (cheaply, without models) from the merged analysis. */
export function deriveResults(analysis: LessonAnalysis): { people: PersonRow[]; seconds: SecondRow[]; summary: RunSummary } {
  const seconds = Math.max(1, Math.ceil(analysis.durationS - 1e-6));
  const faces = analysis.faces?.hasVideo ? faceTimelines(analysis.faces, analysis.faces.teacher.personId) : null;
  const voices = analysis.voices ? voiceTimelines(analysis.voices) : null;
  const voiceAt = new Map(voices?.map((v) => [v.t, v]));
  const teacherTimeline = faces?.people.find((p) => p.personId === faces.teacherPersonId);
  const snrDb = analysis.voices?.quality.estimatedSnrDb ?? null;

  const rows: SecondRow[] = [];
  for (let t = 0; t < seconds; t++) {
    const i = faces ? t - faces.startS : -1;
    const inFaces = faces && i >= 0 && i < faces.seconds;
    const voice = voiceAt.get(t);
    const teacherFace = inFaces ? faces.lesson.teacher[i] : null;
    const studentsFace = inFaces ? faces.lesson.students[i] : null;
    const teacherVisible = inFaces && teacherTimeline?.visible[i] ? 1 : 0;
    const teacherFaceWeight = faceWeight(inFaces ? (teacherTimeline?.quality[i] ?? null) : null, teacherFace ? 1 : 0, teacherVisible);
    const studentsFaceWeight = inFaces ? faceWeight(faces.lesson.studentsQuality[i], faces.lesson.studentsReadable[i], faces.lesson.studentsVisible[i]) : null;
    const teacherVoiceWeight = voice ? voiceWeight(voice.teacher.confidence, voice.teacher.speechS, snrDb) : null;
    const studentsVoiceWeight = voice ? voiceWeight(voice.students.confidence, voice.students.speechS, snrDb) : null;
    rows.push({
      t,
      teacherFace,
      studentsFace,
      studentFacesVisible: inFaces ? faces.lesson.studentsVisible[i] : 0,
      studentFacesReadable: inFaces ? faces.lesson.studentsReadable[i] : 0,
      studentFacesPosed: inFaces ? faces.lesson.studentsPosed[i] : 0,
      studentFacesFront: inFaces ? faces.lesson.studentsFront[i] : 0,
      teacherFaceWeight,
      studentsFaceWeight,
      teacherVoiceWeight,
      studentsVoiceWeight,
      teacherCombined: combine({ probabilities: teacherFace, weight: teacherFaceWeight }, { probabilities: voice?.teacher.probabilities ?? null, weight: teacherVoiceWeight })?.probabilities ?? null,
      studentsCombined: combine({ probabilities: studentsFace, weight: studentsFaceWeight }, { probabilities: voice?.students.probabilities ?? null, weight: studentsVoiceWeight })?.probabilities ?? null,
      speech: analysis.voices ? (voice?.role ?? 'none') : null,
      teacherVoice: voice?.teacher.probabilities ?? null,
      teacherVoiceConfidence: voice?.teacher.confidence ?? null,
      studentsVoice: voice?.students.probabilities ?? null,
      studentsVoiceConfidence: voice?.students.confidence ?? null,
      levelDb: voice?.teacher.levelDb ?? voice?.students.levelDb ?? null,
    });
  }

  const people: PersonRow[] = (faces?.people ?? []).map((timeline) => {
    const person = analysis.faces!.people.find((p) => p.id === timeline.personId)!;
    return {
      personKey: person.id,
      role: timeline.role,
      visibleSeconds: person.visibleS,
      ranges: person.ranges,
      timeline: { visible: timeline.visible.map(Number), quality: timeline.quality, expressions: timeline.expressions },
    };
  });

  const summary: RunSummary = {};
  if (analysis.faces?.hasVideo) {
    const f = analysis.faces;
    summary.faces = {
      coverage: f.coverage,
      people: f.people.length,
      teacherPersonKey: f.teacher.personId,
      teacherMethod: f.teacher.method,
      teacherConfirmed: f.teacher.confirmed,
      teacherExplanation: f.teacher.explanation,
      detector: f.detector,
      studentFaceReading: f.teacherOnly?.reading ?? 'read',
    };
  }
  if (analysis.voices) {
    const v = analysis.voices;
    const talk = talkMetrics(v);
    summary.voices = {
      speakers: v.speakers.map(({ id, role, speechS, sample, emotionNormalisation }) => ({ id, role, speechS, sampleKey: sample?.key ?? null, notEnoughSpeech: emotionNormalisation === 'too-little-speech' })),
      teacherSpeakerId: v.teacherSpeakerId,
      teacherEvidence: v.teacherEvidence,
      teacherConfirmed: v.teacherConfirmed,
      quality: v.quality,
      talk: talk.lesson,
      windows: talk.windows,
      monologues: v.turns
        .filter((turn) => turn.speaker === v.teacherSpeakerId && turn.endS - turn.startS >= MONOLOGUE_LISTED_S)
        .map(({ startS, endS }) => ({ startS, endS })),
    };
  }
  return { people, seconds: rows, summary };
}
