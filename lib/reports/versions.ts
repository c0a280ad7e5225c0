import { and, desc, eq, inArray } from 'drizzle-orm';
import { text } from 'node:stream/consumers';
import { getDb } from '../db/client';
import { reportVersions, type ReportReason, type ReportVersion } from '../db/schema';
import { getStorage } from '../storage';
import type { ReportData } from './report-data';

/** Why a version was made, as the archive and the report list it. */
export const REPORT_REASON_LABELS: Record<ReportReason, string> = {
  analysis: 'Analysis finished',
  rerun: 'Analysis run again',
  'recording-replaced': 'Recording replaced',
  'teacher-face': 'Teacher’s face chosen',
  'teacher-voice': 'Teacher’s voice chosen',
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

/** The data a stored version shows, exactly as it was when the version was made. */
export async function readSnapshot(version: ReportVersion): Promise<ReportData | null> {
  if (version.status !== 'ready' || !version.snapshotKey) return null;
  return JSON.parse(await text(getStorage().read(version.snapshotKey))) as ReportData;
}
