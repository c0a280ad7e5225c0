import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { eq } from 'drizzle-orm';
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
 * Renders a reserved version: snapshot of the lesson's current report, then
 * the PDF printed from exactly that snapshot, both under the version's own
 * prefix. Safe to run again after a failure (it rewrites the same keys);
 * a version that is already ready is never touched again.
 */
export async function renderReportVersion(versionId: string, runId?: string): Promise<ReportVersion | null> {
  const db = getDb();
  const [version] = await db.select().from(reportVersions).where(eq(reportVersions.id, versionId));
  if (!version || version.status === 'ready') return version ?? null;
  const lesson = await getLesson(version.lessonId);
  if (!lesson) return null;
  const started = Date.now();
  try {
    // A finishing run reports on itself: it is not yet the lesson's current (finished) run.
    const run = runId ? await getRun(runId) : undefined;
    const data = await assembleReport(lesson, { number: version.version, reason: version.reason, createdAt: version.createdAt.toISOString() }, run ?? undefined);
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
