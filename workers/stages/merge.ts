import { and, asc, eq } from 'drizzle-orm';
import { mergeFaceChunks } from '../../lib/analysis/face/merge';
import { teacherMouthOpenness } from '../../lib/analysis/face/mouth';
import type { FaceChunkResult } from '../../lib/analysis/face/types';
import { mergeVoiceChunks } from '../../lib/analysis/voice/merge';
import { SPEAKER_ENCODER_MODEL_ID } from '../../lib/analysis/voice/speaker-encoder';
import type { VoiceChunkResult } from '../../lib/analysis/voice/types';
import { teacherTemplates } from '../../lib/biometrics/templates';
import { getDb } from '../../lib/db/client';
import { getLesson, getSchoolSettingsOfLesson } from '../../lib/db/queries';
import { runStages } from '../../lib/db/schema';
import type { LessonAnalysis } from '../../lib/results/lesson-analysis';
import { excludedPositions } from '../../lib/results/exclusion';
import { storeMergedAnalysis } from '../../lib/results/merged-analysis';
import { enrolledStudentsToFind, storeStudentMatches, studentMatchRows } from '../../lib/students/matches';
import { syncThumbnails } from '../../lib/results/thumbnails';
import { cutVoiceSamples } from '../../lib/results/voice-samples';
import type { Stage } from './stage';

async function chunkOutputs<T>(runId: string, stage: 'faces' | 'voices'): Promise<T[]> {
  const rows = await getDb()
    .select({ output: runStages.output })
    .from(runStages)
    .where(and(eq(runStages.runId, runId), eq(runStages.stage, stage), eq(runStages.status, 'done')))
    .orderBy(asc(runStages.chunk));
  return rows.map((r) => r.output as T);
}

/** Below this much speech, one voice is the likely truth (a short clip), not worth a note. */
const SINGLE_VOICE_NOTE_SPEECH_S = 60;

/**
 * Joins the chunks lesson-wide: people from face tracks, speakers from voice
 * pieces, the teacher in both (reference photos / voice first; a confirmed
 * teacher face lends its mouth movement to find the teacher's voice), a
 * listening sample of each voice, consented students found for their own
 * summaries, then the per-person and per-second rows the pages read.
 */
export const mergeStage: Stage = {
  name: 'merge',
  async run({ run, asset, storage, signal, progress }) {
    const lesson = await getLesson(run.lessonId);
    if (!lesson) throw new Error('The lesson no longer exists');
    const [faceChunks, voiceChunks, templates, settings, excluded] = await Promise.all([
      chunkOutputs<FaceChunkResult>(run.id, 'faces'),
      chunkOutputs<VoiceChunkResult>(run.id, 'voices'),
      teacherTemplates(lesson.teacherId),
      getSchoolSettingsOfLesson(run.lessonId),
      excludedPositions(asset.id),
    ]);
    progress(0.2);
    const faces = faceChunks.length
      ? mergeFaceChunks(faceChunks, { teacherDescriptors: templates.faceDescriptors, studentFaceReading: settings.studentFaceReading, excluded: excluded.flat() })
      : null;
    progress(0.4);
    signal.throwIfAborted();
    const voices = voiceChunks.length
      ? await cutVoiceSamples({
          voices: await mergeVoiceChunks(voiceChunks, {
            teacherVoice: templates.voiceEmbedding ? { model: SPEAKER_ENCODER_MODEL_ID, embedding: templates.voiceEmbedding } : undefined,
            teacherMouthOpenness: faces ? teacherMouthOpenness(faces) : undefined,
          }),
          asset,
          runId: run.id,
          storage,
        })
      : null;
    progress(0.7);
    signal.throwIfAborted();
    const analysis: LessonAnalysis = { durationS: asset.durationSeconds, faces, voices };
    const thumbnails = faces ? (await syncThumbnails({ faces, asset, runId: run.id, settings, storage, existing: new Map() })).keys : new Map<string, string>();
    const matches = faces ? studentMatchRows(faces, await enrolledStudentsToFind(lesson.classId, settings)) : [];
    progress(0.9);

    const notes: string[] = [...templates.notes];
    if (faces?.teacherOnly && faces.people.length === 0) {
      notes.push(
        templates.faceDescriptors.length
          ? 'Only the teacher’s face is read at this school, and your reference photos matched no face in the video.'
          : 'Only the teacher’s face is read at this school: add reference photos of your face on your profile, then run the analysis again, so your face can be found.',
      );
    } else if (faces && faces.people.length === 0) notes.push('No faces were found in the video (face coverage 0 %).');
    if (voices && voices.quality.speechRatio === 0) notes.push('No speech was found in the sound track (0 % speech).');
    if (voices?.quality.flags.includes('clipping')) notes.push('The sound is clipped (too loud) in places; voice results there are less reliable.');
    if (voices?.quality.flags.includes('very-low-level')) notes.push('The sound is very quiet; voice results are less reliable.');
    // In classroom noise the clustering often cannot tell voices apart (npm run eval:audio: 3 of 4 lessons at 10 dB).
    if (voices?.speakers.length === 1 && voices.speakers[0].speechS >= SINGLE_VOICE_NOTE_SPEECH_S) {
      notes.push('Only one voice was told apart. If students spoke, their talk may be counted as the teacher’s: in a noisy room voices are hard to separate.');
    }
    return {
      status: 'done',
      output: { people: faces?.people.length ?? null, speakers: voices?.speakers.length ?? null },
      note: notes.join(' ') || undefined,
      store: async (tx) => {
        await storeMergedAnalysis(tx, run.id, analysis, thumbnails);
        await storeStudentMatches(tx, run.id, matches);
      },
    };
  },
};
