import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { text } from 'node:stream/consumers';
import type pg from 'pg';
import { getDb, type Database } from '../db/client';
import { lessons, reportVersions, type ReportReason, type ReportVersion } from '../db/schema';
import { renderReportJob } from '../jobs/definitions';
import { sendJob } from '../jobs/queue';
import { getStorage } from '../storage';
import type { ReportData } from './report-data';

/** Why a version was made, as the archive and the report list it. */
export const REPORT_REASON_LABELS: Record<ReportReason, string> = {
  analysis: 'Analysis finished',
  rerun: 'Analysis run again',
  'recording-replaced': 'Recording replaced',
  'teacher-face': 'Teacher’s face chosen',
  'teacher-voice': 'Teacher’s voice chosen',
  'person-excluded': 'Person excluded',
};

/** Where a lesson's report versions live: under the lesson's own storage prefix, so deleting the lesson's folder deletes them. */
export function reportVersionPrefix(lessonId: string, version: number): string {
  return `lessons/${lessonId}/reports/v${version}`;
}

export function listReportVersions(lessonId: string): Promise<ReportVersion[]> {
  return getDb().select().from(reportVersions).where(eq(reportVersions.lessonId, lessonId)).orderBy(desc(reportVersions.version));
}

/** Ready versions of many lessons at once (the archive's page of lessons), newest first. */
export async function listReadyVersionsOf(lessonIds: string[]): Promise<Map<string, ReportVersion[]>> {
  const byLesson = new Map<string, ReportVersion[]>();
  if (lessonIds.length === 0) return byLesson;
  const rows = await getDb()
    .select()
    .from(reportVersions)
    .where(and(inArray(reportVersions.lessonId, lessonIds), eq(reportVersions.status, 'ready')))
    .orderBy(desc(reportVersions.version));
  for (const row of rows) byLesson.set(row.lessonId, [...(byLesson.get(row.lessonId) ?? []), row]);
  return byLesson;
}

export async function getReportVersion(lessonId: string, version: number): Promise<ReportVersion | null> {
  if (!Number.isInteger(version) || version < 1) return null;
  const [row] = await getDb().select().from(reportVersions).where(and(eq(reportVersions.lessonId, lessonId), eq(reportVersions.version, version)));
  return row ?? null;
}

/** The data a stored version shows, exactly as it was when the version was made (null when it is not ready or its file is gone). */
export async function readSnapshot(version: ReportVersion): Promise<ReportData | null> {
  if (version.status !== 'ready' || !version.snapshotKey) return null;
  try {
    return JSON.parse(await text(getStorage().read(version.snapshotKey))) as ReportData;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/**
 * Reserves the lesson's next report version and sends the render-report job
 * that prints it, both inside the caller's transaction: the change that calls
 * for a version (a finished run, a relabel, an exclusion) commits with it, and the version
 * exists exactly when its job does.
 */
export async function createReportVersion(
  tx: Database,
  client: pg.PoolClient,
  values: { lessonId: string; reason: ReportReason; requestedBy: string | null; runId: string; mediaAssetId: string },
): Promise<ReportVersion> {
  // The lesson row lock serialises version numbers of one lesson.
  await tx.select({ id: lessons.id }).from(lessons).where(eq(lessons.id, values.lessonId)).for('update');
  const [{ next }] = await tx
    .select({ next: sql<number>`coalesce(max(${reportVersions.version}), 0) + 1` })
    .from(reportVersions)
    .where(eq(reportVersions.lessonId, values.lessonId));
  const [row] = await tx.insert(reportVersions).values({ ...values, version: next }).returning();
  await sendJob(renderReportJob, { versionId: row.id }, { client });
  return row;
}

/**
 * Why a finished run makes a new version: the lesson's first report, the same
 * recording analysed again, or a new recording. The previous version's
 * recording is null once it is deleted, which only a replaced recording is.
 */
export async function reasonForFinishedRun(tx: Database, lessonId: string, mediaAssetId: string): Promise<ReportReason> {
  const [previous] = await tx
    .select({ mediaAssetId: reportVersions.mediaAssetId })
    .from(reportVersions)
    .where(eq(reportVersions.lessonId, lessonId))
    .orderBy(desc(reportVersions.version))
    .limit(1);
  if (!previous) return 'analysis';
  return previous.mediaAssetId === mediaAssetId ? 'rerun' : 'recording-replaced';
}
