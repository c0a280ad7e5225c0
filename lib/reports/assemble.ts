import { asc, eq } from 'drizzle-orm';
import { getDb } from '../db/client';
import { getMediaAsset, getSchool, type LessonSummary } from '../db/queries';
import { lessonSeconds, type AnalysisRun } from '../db/schema';
import { currentRunOf } from '../lessons/current-run';
import { shippedModels } from './models';
import { buildReport, REPORT_SECOND_COLUMNS, type ReportData, type ReportSecond } from './report-data';

/**
 * The report of a lesson's current run (or of `of`, a finished run of the
 * lesson), read from the database; null until a run has finished. `version`
 * is set when the result is about to be stored as that version.
 */
export async function assembleReport(lesson: LessonSummary, version: ReportData['version'] = null, of?: AnalysisRun): Promise<ReportData | null> {
  const run = of ?? (await currentRunOf(lesson));
  if (!run) return null;
  const [asset, school] = await Promise.all([getMediaAsset(run.mediaAssetId), getSchool(lesson.schoolId)]);
  if (!asset || !school) return null;
  const identity = { id: lesson.id, title: lesson.title, taughtOn: lesson.taughtOn, className: lesson.className, subject: lesson.subject, teacherName: lesson.teacherName, schoolName: school.name };
  // Everything the report depends on: a relabel changes the run's summary, a re-run or new recording the run.
  const key = JSON.stringify([run.id, run.summary, run.notes, run.tfBackend, asset.id, school.settings.wording, school.settings.paperSize, identity]);
  const cached = version ? undefined : recent.get(key);
  if (cached) return cached;
  const data = buildReport({
    lesson: identity,
    wording: school.settings.wording,
    paperSize: school.settings.paperSize,
    version,
    run,
    asset,
    seconds: await reportSeconds(run.id),
    models: shippedModels(),
    now: new Date(),
  });
  if (!version) remember(key, data);
  return data;
}

/**
 * The last few live reports this process built, by everything they depend on:
 * reading an hour's 3,600 rows is most of a report's cost, and a teacher
 * opens the same report again and again. Stored versions are never served
 * from here (they are built fresh, then read from their snapshot).
 */
const recent = new Map<string, ReportData>();
const RECENT_REPORTS = 16;

function remember(key: string, data: ReportData): void {
  recent.delete(key);
  recent.set(key, data);
  if (recent.size > RECENT_REPORTS) recent.delete(recent.keys().next().value!);
}

/** Only the columns a report reads: an hour is 3,600 rows, and each array column costs parsing. */
function reportSeconds(runId: string): Promise<ReportSecond[]> {
  const columns = Object.fromEntries(REPORT_SECOND_COLUMNS.map((c) => [c, lessonSeconds[c]])) as { [K in (typeof REPORT_SECOND_COLUMNS)[number]]: (typeof lessonSeconds)[K] };
  return getDb().select(columns).from(lessonSeconds).where(eq(lessonSeconds.runId, runId)).orderBy(asc(lessonSeconds.t));
}
