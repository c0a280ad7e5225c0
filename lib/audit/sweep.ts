import { sql } from 'drizzle-orm';
import { getDb } from '../db/client';
import { auditEvents, DEFAULT_SCHOOL_SETTINGS, schools } from '../db/schema';

/** Deletes audit entries older than their school's `auditRetentionDays` before `now` (the daily sweep job; `now` is injectable for tests). */
export async function deleteExpiredAuditEvents(now: Date = new Date()): Promise<number> {
  const result = await getDb().execute<{ deleted: number }>(sql`
    with deleted as (
      delete from ${auditEvents} using ${schools}
      where ${schools.id} = ${auditEvents.schoolId}
        and ${auditEvents.at} < ${now.toISOString()}::timestamptz
          - make_interval(days => coalesce((${schools.settings}->>'auditRetentionDays')::int, ${DEFAULT_SCHOOL_SETTINGS.auditRetentionDays}))
      returning 1
    )
    select count(*)::int as deleted from deleted`);
  return result.rows[0].deleted;
}
