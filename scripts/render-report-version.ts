import { closeDb } from '../lib/db/client';
import { closePdfBrowser } from '../lib/reports/pdf';
import { renderReportVersion } from '../lib/reports/render-version';

/**
 * `tsx scripts/render-report-version.ts <version id>`: prints one reserved
 * report version (snapshot + PDF). The web app starts it after a relabel so
 * that Chromium never runs inside the web server; with the job registry
 * (issue 12) this becomes the render-report job.
 */
const versionId = process.argv[2];
try {
  const version = await renderReportVersion(versionId);
  console.log(`[report] version ${version?.version ?? '?'} of lesson ${version?.lessonId ?? '?'}: ${version?.status ?? 'gone'}`);
} catch (error) {
  console.error('[report] could not print', versionId, error);
  process.exitCode = 1;
} finally {
  await closePdfBrowser();
  await closeDb();
}
