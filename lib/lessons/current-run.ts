import { getRun, type LessonSummary } from '../db/queries';

/**
 * The run whose results a lesson shows: its latest successful run. While a
 * newer run is queued or running, or after it failed or was cancelled, the
 * lesson keeps showing this one.
 */
export async function currentRunOf(lesson: Pick<LessonSummary, 'currentRunId'>) {
  return lesson.currentRunId ? getRun(lesson.currentRunId) : null;
}
