import { renderReportJob } from '../../lib/jobs/definitions';
import { handleJob } from '../../lib/jobs/registry';
import { markReportVersionFailed, renderReportVersion } from '../../lib/reports/render-version';

/** A reserved report version → its snapshot and PDF; after the last retry it is marked failed, with the reason. */
export default handleJob(renderReportJob, async ({ versionId }, context) => {
  try {
    const version = await renderReportVersion(versionId);
    console.log(`[worker ${process.pid}] report version ${version?.version ?? '?'} of lesson ${version?.lessonId ?? '?'}: ${version ? `${version.pdfPages} pages in ${version.renderMs} ms` : 'gone'}`);
  } catch (error) {
    if (context.retryCount >= context.retryLimit) await markReportVersionFailed(versionId, error);
    throw error;
  }
});
