import path from 'node:path';
import { and, eq, isNotNull, notExists, sql } from 'drizzle-orm';
import { getDb, withTransaction } from '../db/client';
import { analysisRuns, DEFAULT_SCHOOL_SETTINGS, lessonPeople, lessons, mediaAssets, schools } from '../db/schema';
import { thumbnailFolder } from '../results/thumbnails';
import { blurredCopyFolder } from './blurred-copy';
import { derivedKey, getStorage } from '../storage';

/**
 * Deletes the runs that a newer successful run superseded more than the
 * school's `supersededRunRetentionDays` before `now`, with everything derived
 * from them (merged analysis, people, per-second rows, stage rows, face
 * crops, blurred copy), then the replaced recordings no run uses any more (row and folder).
 * Called by the hourly sweep job; `now` is injectable for tests.
 */
export async function deleteSupersededRuns(now: Date = new Date()): Promise<{ runs: number; recordings: number }> {
  const db = getDb();
  const retentionDays = sql<number>`coalesce((${schools.settings}->>'supersededRunRetentionDays')::int, ${DEFAULT_SCHOOL_SETTINGS.supersededRunRetentionDays})`;
  const expired = await db
    .select({ id: analysisRuns.id, storageKey: mediaAssets.storageKey })
    .from(analysisRuns)
    .innerJoin(lessons, eq(lessons.id, analysisRuns.lessonId))
    .innerJoin(schools, eq(schools.id, lessons.schoolId))
    .innerJoin(mediaAssets, eq(mediaAssets.id, analysisRuns.mediaAssetId))
    .where(and(isNotNull(analysisRuns.supersededAt), sql`${analysisRuns.supersededAt} < ${now.toISOString()}::timestamptz - make_interval(days => ${retentionDays})`));

  const storage = getStorage();
  for (const run of expired) {
    const crops = await withTransaction(async (tx) => {
      const people = await tx.select({ key: lessonPeople.thumbnailKey }).from(lessonPeople).where(eq(lessonPeople.runId, run.id));
      // The run's own rows (stages, merged analysis, people, seconds) go with it.
      await tx.delete(analysisRuns).where(eq(analysisRuns.id, run.id));
      return people.map((p) => p.key).filter((key): key is string => !!key);
    });
    for (const key of crops) await storage.delete(key);
    await storage.deleteFolder(derivedKey(run.storageKey, thumbnailFolder(run.id)));
    await storage.deleteFolder(blurredCopyFolder(run.storageKey, run.id));
  }

  const unused = await db
    .delete(mediaAssets)
    .where(and(isNotNull(mediaAssets.replacedAt), notExists(db.select({ id: analysisRuns.id }).from(analysisRuns).where(eq(analysisRuns.mediaAssetId, mediaAssets.id)))))
    .returning({ storageKey: mediaAssets.storageKey });
  for (const recording of unused) await storage.deleteFolder(path.posix.dirname(recording.storageKey));
  return { runs: expired.length, recordings: unused.length };
}

