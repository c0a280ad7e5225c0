import { sweepRecordingsJob } from '../../lib/jobs/definitions';
import { handleJob } from '../../lib/jobs/registry';
import { deleteExpiredRecordings } from '../../lib/lessons/recording-retention';

/** Hourly: uploaded recordings whose analysis finished longer ago than their school keeps them are deleted; results stay. */
export default handleJob(sweepRecordingsJob, async () => {
  const deleted = await deleteExpiredRecordings();
  if (deleted) console.log(`[sweep] deleted ${deleted} recording(s) past their retention`);
});
