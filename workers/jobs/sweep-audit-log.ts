import { deleteExpiredAuditEvents } from '../../lib/audit/sweep';
import { sweepAuditLogJob } from '../../lib/jobs/definitions';
import { handleJob } from '../../lib/jobs/registry';

/** Daily: audit log entries older than their school keeps them are deleted. */
export default handleJob(sweepAuditLogJob, async () => {
  const deleted = await deleteExpiredAuditEvents();
  if (deleted) console.log(`[sweep] deleted ${deleted} audit log entr${deleted === 1 ? 'y' : 'ies'} past their retention`);
});
