import { eq } from 'drizzle-orm';
import { getDb } from '../db/client';
import { lessons } from '../db/schema';
import { cancelRun } from '../jobs/runs';
import { getStorage } from '../storage';
import { getLatestRun } from '../db/queries';

/**
 * Deletes a lesson and everything kept for it: its rows (runs, results,
 * report versions go with it by cascade) and its storage folder
 * `lessons/<id>/` (recording, derived files, playback copy, report PDFs and
 * snapshots). A running analysis is cancelled first; its leftover jobs find
 * no run and end.
 */
export async function deleteLesson(lessonId: string): Promise<void> {
  const latest = await getLatestRun(lessonId);
  if (latest) await cancelRun(latest.id);
  await getDb().delete(lessons).where(eq(lessons.id, lessonId));
  await getStorage().deleteFolder(`lessons/${lessonId}`);
}
