import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { eq, sql } from 'drizzle-orm';
import { getDb, type Database } from '../db/client';
import { getLesson } from '../db/queries';
import { lessons, reportVersions, type ReportReason, type ReportVersion } from '../db/schema';
import { getStorage } from '../storage';
import { assembleReport } from './assemble';
import { printPdf } from './pdf';
import { renderReportHtml } from './print/report-document';
import { reportVersionPrefix } from './versions';
import { honestFooter, reportTitle } from './wording';

/**
 * Reserves the lesson's next report version inside the caller's transaction
 * (the change that calls for it, e.g. a relabel, commits with it); the
 * render-report job then renders into that row.
 */
export async function reserveReportVersion(tx: Database, values: { lessonId: string; reason: ReportReason; requestedBy: string | null }): Promise<ReportVersion> {
  // The lesson row lock serialises version numbers of one lesson.
  await tx.select({ id: lessons.id }).from(lessons).where(eq(lessons.id, values.lessonId)).for('update');
  const [{ next }] = await tx
    .select({ next: sql<number>`coalesce(max(${reportVersions.version}), 0) + 1` })
    .from(reportVersions)
    .where(eq(reportVersions.lessonId, values.lessonId));
  const [row] = await tx.insert(reportVersions).values({ ...values, version: next }).returning();
  return row;
}

/** Chromium's PDFs list each page as one `/Type /Page` object. */
export function countPdfPages(pdf: Buffer): number {
  return pdf.toString('latin1').match(/\/Type\s*\/Page\b(?!s)/g)?.length ?? 0;
}

/**
 * Renders a reserved version: snapshot of the lesson's current report, then
 * the PDF printed from exactly that snapshot, both under the version's own
 * prefix. Safe to run again after a failure (it rewrites the same keys);
 * a version that is already ready is never touched again.
 */
export async function renderReportVersion(versionId: string): Promise<ReportVersion | null> {
  const db = getDb();
  const [version] = await db.select().from(reportVersions).where(eq(reportVersions.id, versionId));
  if (!version || version.status === 'ready') return version ?? null;
  const lesson = await getLesson(version.lessonId);
  if (!lesson) return null;
  const started = Date.now();
  try {
    const data = await assembleReport(lesson, { number: version.version, reason: version.reason, createdAt: version.createdAt.toISOString() });
    if (!data) throw new Error('The lesson has no finished analysis to report on.');
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
        runId: data.run.id,
        snapshotKey,
        pdfKey,
        pdfBytes: pdf.length,
        pdfPages: countPdfPages(pdf),
        pdfSha256: createHash('sha256').update(pdf).digest('hex'),
        renderMs: Date.now() - started,
        renderedAt: new Date(),
      })
      .where(eq(reportVersions.id, version.id))
      .returning();
    return ready;
  } catch (error) {
    await db.update(reportVersions).set({ status: 'failed', error: error instanceof Error ? error.message : String(error) }).where(eq(reportVersions.id, version.id));
    throw error;
  }
}
