import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { and, eq, ne } from 'drizzle-orm';
import { getDb } from '../db/client';
import { getLesson, getRun } from '../db/queries';
import { reportVersions, type ReportVersion } from '../db/schema';
import { getStorage } from '../storage';
import { assembleReport } from './assemble';
import { printPdf } from './pdf';
import { renderReportHtml } from './print/report-document';
import { reportVersionPrefix } from './versions';
import { honestFooter, reportTitle } from './wording';

/** Chromium's PDFs list each page as one `/Type /Page` object. */
export function countPdfPages(pdf: Buffer): number {
  return pdf.toString('latin1').match(/\/Type\s*\/Page\b(?!s)/g)?.length ?? 0;
}

/**
 * Renders a reserved version: the snapshot of its run's report, then the PDF
 * printed from exactly that snapshot, both under the version's own prefix.
 * Safe to run again after a failure (it rewrites the same keys); a version
 * that is already ready is never touched again.
 */
export async function renderReportVersion(versionId: string): Promise<ReportVersion | null> {
  const db = getDb();
  const [version] = await db.select().from(reportVersions).where(eq(reportVersions.id, versionId));
  if (!version || version.status === 'ready') return version ?? null;
  const [lesson, run] = await Promise.all([getLesson(version.lessonId), version.runId ? getRun(version.runId) : null]);
  if (!lesson) return null;
  if (!run) {
    await markReportVersionFailed(version.id, 'The analysis this version was to show has been deleted.');
    return null;
  }
  const started = Date.now();
  const data = await assembleReport(lesson, { number: version.version, reason: version.reason, createdAt: version.createdAt.toISOString() }, run);
  if (!data) throw new Error('The run has no results to report on.');
  const pdf = await printPdf(renderReportHtml(data), { paperSize: data.paperSize, footer: `${reportTitle(data)} · ${honestFooter(data)}` });
  const storage = getStorage();
  const prefix = reportVersionPrefix(lesson.id, version.version);
  const snapshotKey = `${prefix}/report.json`;
  const pdfKey = `${prefix}/report.pdf`;
  await storage.write(snapshotKey, Readable.from([Buffer.from(JSON.stringify(data))]));
  await storage.write(pdfKey, Readable.from([pdf]));
  const [ready] = await db
    .update(reportVersions)
    .set({
      status: 'ready',
      error: null,
      snapshotKey,
      pdfKey,
      pdfBytes: pdf.length,
      pdfPages: countPdfPages(pdf),
      pdfSha256: createHash('sha256').update(pdf).digest('hex'),
      renderMs: Date.now() - started,
      renderedAt: new Date(),
    })
    .where(and(eq(reportVersions.id, version.id), ne(reportVersions.status, 'ready')))
    .returning();
  return ready ?? null;
}

/** The version could not be printed after its retries: the report page says so (the results themselves are unaffected). */
export async function markReportVersionFailed(versionId: string, error: unknown): Promise<void> {
  await getDb()
    .update(reportVersions)
    .set({ status: 'failed', error: error instanceof Error ? error.message : String(error) })
    .where(and(eq(reportVersions.id, versionId), ne(reportVersions.status, 'ready')));
}
