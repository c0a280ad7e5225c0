import { sweepSupersededRunsJob } from '../../lib/jobs/definitions';
import { handleJob } from '../../lib/jobs/registry';
import { deleteSupersededRuns } from '../../lib/lessons/superseded-runs';

/** Hourly: runs superseded longer ago than their school keeps them are deleted, with their results and files. */
export default handleJob(sweepSupersededRunsJob, async () => {
  const deleted = await deleteSupersededRuns();
  if (deleted.runs || deleted.recordings) console.log(`[sweep] deleted ${deleted.runs} superseded run(s) and ${deleted.recordings} replaced recording(s)`);
});
