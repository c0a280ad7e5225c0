import { markTeacher } from '../analysis/face/merge';
import { teacherMouthOpenness } from '../analysis/face/mouth';
import { relabelTeacher, relinkTeacherByMouth } from '../analysis/voice/teacher';
import { withTransaction } from '../db/client';
import { getMediaAsset, getRun, getSchoolSettingsOfLesson, listLessonPeople } from '../db/queries';
import type { LessonAnalysis } from './lesson-analysis';
import { readMergedAnalysis, storeMergedAnalysis } from './merged-analysis';
import { syncThumbnails } from './thumbnails';
import { followTeacherChange } from '../lessons/blurred-copy';
import { createReportVersion } from '../reports/versions';
import { getStorage } from '../storage';

export type TeacherChange = { personKey: string } | { speakerId: number | null };

/**
 * The teacher says which face or which voice is theirs: the merged analysis
 * is re-labelled and the timelines re-derived from it, without running any
 * detection or audio model again. A marked face also re-links the teacher's
 * voice by its mouth movement, unless the voice was enrolled or chosen.
 */
export async function applyTeacherChange(runId: string, change: TeacherChange, requestedBy: string): Promise<{ problem: string } | { problem: null; reportVersionId: string }> {
  const run = await getRun(runId);
  if (!run || run.status !== 'succeeded') return { problem: 'The analysis has not finished yet.' };
  const asset = await getMediaAsset(run.mediaAssetId);
  if (!asset) return { problem: 'The recording no longer exists.' };

  const storage = getStorage();
  const outcome = await withTransaction(async (tx, client) => {
    const analysis = await readMergedAnalysis(tx, runId, { forUpdate: true });
    if (!analysis) return { problem: 'This analysis has no merged result.' };

    let next: LessonAnalysis;
    if ('personKey' in change) {
      if (!analysis.faces?.people.some((p) => p.id === change.personKey)) return { problem: 'That person is not in this lesson.' };
      const faces = markTeacher(analysis.faces, change.personKey);
      next = { ...analysis, faces, voices: analysis.voices && relinkTeacherByMouth(analysis.voices, teacherMouthOpenness(faces)) };
    } else {
      if (!analysis.voices) return { problem: 'This lesson has no voices.' };
      if (change.speakerId !== null && !analysis.voices.speakers.some((s) => s.id === change.speakerId)) return { problem: 'That voice is not in this lesson.' };
      next = { ...analysis, voices: relabelTeacher(analysis.voices, change.speakerId) };
    }

    const existing = new Map((await listLessonPeople(runId)).filter((p) => p.thumbnailKey).map((p) => [p.personKey, p.thumbnailKey!]));
    const thumbnails = next.faces
      ? await syncThumbnails({ faces: next.faces, asset, runId, settings: await getSchoolSettingsOfLesson(run.lessonId), storage, existing })
      : { keys: existing, stale: [] };
    await storeMergedAnalysis(tx, runId, next, thumbnails.keys);
    if ('personKey' in change) await followTeacherChange(tx, client, runId, change.personKey);
    // The report changes with the teacher: a new version and the job that prints it, committed with the change that calls for it.
    const version = await createReportVersion(tx, client, {
      lessonId: run.lessonId,
      runId,
      mediaAssetId: run.mediaAssetId,
      reason: 'personKey' in change ? 'teacher-face' : 'teacher-voice',
      requestedBy,
    });
    return { problem: null, stale: thumbnails.stale, reportVersionId: version.id };
  });
  if (outcome.problem !== null) return { problem: outcome.problem };
  // Only once the results without them are committed: a rolled-back relabel still points at these crops.
  for (const key of outcome.stale) await storage.delete(key);
  return { problem: null, reportVersionId: outcome.reportVersionId };
}
