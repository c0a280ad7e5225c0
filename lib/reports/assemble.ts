import { getCurrentRun, getMediaAsset, getSchool, listLessonSeconds, type LessonSummary } from '../db/queries';
import type { AnalysisRun } from '../db/schema';
import { shippedModels } from './models';
import { buildReport, type ReportData } from './report-data';

/**
 * The report of a lesson's current run (or of `of`, a finished run of the
 * lesson), read from the database; null until a run has finished. `version`
 * is set when the result is about to be stored as that version.
 */
export async function assembleReport(lesson: LessonSummary, version: ReportData['version'] = null, of?: AnalysisRun): Promise<ReportData | null> {
  const run = of ?? (await getCurrentRun(lesson.id));
  if (!run) return null;
  const [asset, school, seconds] = await Promise.all([getMediaAsset(run.mediaAssetId), getSchool(lesson.schoolId), listLessonSeconds(run.id)]);
  if (!asset || !school) return null;
  return buildReport({
    lesson: { id: lesson.id, title: lesson.title, taughtOn: lesson.taughtOn, className: lesson.className, subject: lesson.subject, teacherName: lesson.teacherName, schoolName: school.name },
    wording: school.settings.wording,
    paperSize: school.settings.paperSize,
    version,
    run,
    asset,
    seconds,
    models: shippedModels(),
    now: new Date(),
  });
}
