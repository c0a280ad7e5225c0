import { and, eq, inArray } from 'drizzle-orm';
import { audit, lessonLabel } from '../audit/log';
import { getDb, withTransaction } from '../db/client';
import type { LessonSummary } from '../db/queries';
import { analysisRuns, lessons, reportVersions } from '../db/schema';
import { ACTIVE_RUN_STATUSES, cancelRun } from '../jobs/runs';
import { deleteJobsNaming } from '../jobs/queue';
import type { Actor } from '../policy';
import { getStorage, lessonFolder } from '../storage';

/**
 * Deletes a lesson and everything derived from it, at once: its running
 * analysis is stopped, its rows go by cascade (recordings, runs, stages,
 * merged analyses, people, voices, per-second rows, report versions), the
 * queue's jobs for its runs and report versions are deleted, and so is its
 * storage folder (recordings, posters, sound tracks, face crops, voice
 * samples, playback copies, report snapshots and PDFs). Audit
 * entries about it keep their words but lose the link (the deletion itself
 * is one of them, written in the same transaction).
 */
export async function deleteLesson(actor: Actor, lesson: LessonSummary): Promise<void> {
  const active = await getDb()
    .select({ id: analysisRuns.id })
    .from(analysisRuns)
    .where(and(eq(analysisRuns.lessonId, lesson.id), inArray(analysisRuns.status, [...ACTIVE_RUN_STATUSES])));
  for (const run of active) await cancelRun(run.id);
  await withTransaction(async (tx) => {
    const runs = await tx.select({ id: analysisRuns.id }).from(analysisRuns).where(eq(analysisRuns.lessonId, lesson.id));
    await deleteJobsNaming(tx, 'runId', runs.map((r) => r.id));
    const versions = await tx.select({ id: reportVersions.id }).from(reportVersions).where(eq(reportVersions.lessonId, lesson.id));
    await deleteJobsNaming(tx, 'versionId', versions.map((v) => v.id));
    await tx.delete(lessons).where(eq(lessons.id, lesson.id));
    await audit(tx, actor, 'lesson.delete', { subject: lessonLabel(lesson) });
  });
  await getStorage().deleteFolder(lessonFolder(lesson.id));
}

/**
 * A worker whose stage was stopped, or whose report version was being
 * printed, may have written a file after its lesson was deleted: when the
 * lesson is gone, its folder goes again.
 */
export async function removeFilesOfDeletedLesson(lessonId: string): Promise<void> {
  const [lesson] = await getDb().select({ id: lessons.id }).from(lessons).where(eq(lessons.id, lessonId));
  if (!lesson) await getStorage().deleteFolder(lessonFolder(lessonId));
}
