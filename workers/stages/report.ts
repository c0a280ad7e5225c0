import { withTransaction } from '../../lib/db/client';
import { renderReportVersion } from '../../lib/reports/render-version';
import { reasonForFinishedRun, reserveReportVersion, unfinishedVersionOfRun } from '../../lib/reports/versions';
import type { Stage } from './stage';

/**
 * The run's report version (snapshot + PDF, lib/reports/render-version.ts),
 * the last thing a run does. A PDF that cannot be printed leaves the version
 * marked failed and the run's results in place, with a note.
 */
export const reportStage: Stage = {
  name: 'report',
  async run({ run }) {
    const version = await withTransaction(
      async (tx) =>
        (await unfinishedVersionOfRun(tx, run.id)) ??
        reserveReportVersion(tx, { lessonId: run.lessonId, runId: run.id, reason: await reasonForFinishedRun(tx, run.lessonId, run.mediaAssetId), requestedBy: run.requestedBy }),
    );
    try {
      const ready = await renderReportVersion(version.id, run.id);
      return { status: 'done', output: { version: ready?.version ?? null, pdfBytes: ready?.pdfBytes ?? null, renderMs: ready?.renderMs ?? null } };
    } catch (error) {
      return { status: 'done', output: { version: version.version, error: String(error) }, note: 'The report’s PDF could not be printed; the results are complete and shown on the report page.' };
    }
  },
};
