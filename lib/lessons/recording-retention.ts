import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { getDb, withTransaction } from '../db/client';
import { analysisRuns, DEFAULT_SCHOOL_SETTINGS, lessons, mediaAssets, schools, type MediaAsset, type SchoolSettings } from '../db/schema';
import { ACTIVE_RUN_STATUSES } from '../jobs/runs';
import { derivedKey, getStorage } from '../storage';

/**
 * The uploaded recording is deleted `recordingRetentionDays` after its
 * analysis finished: after the first run of it that succeeded, or — when none
 * did — after its last run ended. What was derived from it (timelines,
 * people, voices, posters, face crops, report versions, the playback copy)
 * stays. Never while a run of it is active.
 */
// Raw SQL with the outer row named in full: drizzle drops table names from the columns of a one-table select, which
// would make "id" inside these subqueries the run's own id.
const analysisFinishedAt = sql<string | null>`(select coalesce(min(r.finished_at) filter (where r.status = 'succeeded'), max(r.finished_at))
  from analysis_runs r where r.media_asset_id = "media_assets"."id")`;

const hasActiveRun = sql<boolean>`exists (select 1 from analysis_runs r where r.media_asset_id = "media_assets"."id" and r.status in ${[...ACTIVE_RUN_STATUSES]})`;

/** What the lesson page says about its recording: deleted on a day, to be deleted on a day, or kept until its analysis finishes. */
export type RecordingRetention = { deletedAt: Date; deletesAt: null } | { deletedAt: null; deletesAt: Date | null };

export async function recordingRetentionOf(asset: Pick<MediaAsset, 'id' | 'recordingDeletedAt'>, settings: SchoolSettings): Promise<RecordingRetention> {
  if (asset.recordingDeletedAt) return { deletedAt: asset.recordingDeletedAt, deletesAt: null };
  const [row] = await getDb()
    .select({ finishedAt: analysisFinishedAt, active: hasActiveRun })
    .from(mediaAssets)
    .where(eq(mediaAssets.id, asset.id));
  const finishedAt = row?.finishedAt ? new Date(row.finishedAt) : null;
  if (!finishedAt || row.active) return { deletedAt: null, deletesAt: null };
  return { deletedAt: null, deletesAt: new Date(finishedAt.getTime() + settings.recordingRetentionDays * 86_400_000) };
}

/** Deletes the uploaded files of recordings past their school's retention at `now` (the hourly sweep; `now` is injectable for tests). Returns how many. */
export async function deleteExpiredRecordings(now: Date = new Date()): Promise<number> {
  const retentionDays = sql`coalesce((${schools.settings}->>'recordingRetentionDays')::int, ${DEFAULT_SCHOOL_SETTINGS.recordingRetentionDays})`;
  const due = await getDb()
    .select({ id: mediaAssets.id })
    .from(mediaAssets)
    .innerJoin(lessons, eq(lessons.id, mediaAssets.lessonId))
    .innerJoin(schools, eq(schools.id, lessons.schoolId))
    .where(
      and(
        isNull(mediaAssets.recordingDeletedAt),
        sql`${analysisFinishedAt} < ${now.toISOString()}::timestamptz - make_interval(days => ${retentionDays})`,
        sql`not ${hasActiveRun}`,
      ),
    );
  let deleted = 0;
  for (const { id } of due) {
    const files = await withTransaction(async (tx) => {
      // The row lock keeps a re-run from starting on this recording while it is being marked deleted.
      const [asset] = await tx.select().from(mediaAssets).where(and(eq(mediaAssets.id, id), isNull(mediaAssets.recordingDeletedAt))).for('update');
      if (!asset) return null;
      const [active] = await tx.select({ id: analysisRuns.id }).from(analysisRuns).where(and(eq(analysisRuns.mediaAssetId, id), inArray(analysisRuns.status, [...ACTIVE_RUN_STATUSES])));
      if (active) return null;
      await tx.update(mediaAssets).set({ recordingDeletedAt: now, audioTrackKey: null }).where(eq(mediaAssets.id, id));
      return [asset.storageKey, asset.audioTrackKey ?? derivedKey(asset.storageKey, 'audio-16k.wav')];
    });
    if (!files) continue;
    for (const key of files) await getStorage().delete(key);
    deleted++;
  }
  return deleted;
}
