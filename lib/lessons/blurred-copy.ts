import { and, desc, eq, sql } from 'drizzle-orm';
import type pg from 'pg';
import { getDb, type Database } from '../db/client';
import { getSchoolSettingsOfLesson } from '../db/queries';
import { analysisRuns, blurredCopies, lessonExclusions, type AnalysisRun, type BlurredCopy, type BlurredCopyReason, type BlurredCopyStats, type MediaAsset, type SchoolSettings } from '../db/schema';
import { blurredCopyJob } from '../jobs/definitions';
import { sendJob } from '../jobs/queue';
import { derivedKey, getStorage } from '../storage';

/**
 * A run's blurred copy: the recording with every face but the teacher's
 * blurred (lib/analysis/blur), made by the `blurred-copy` job. One per run,
 * because who the teacher is and who is excluded belong to the run; asked for
 * after every analysis, when the teacher asks, or when they exclude someone
 * (school setting `blurredPlaybackCopy`, exclusions always). A relabel of the
 * teacher's face asks for a new one. Its files live under the recording's
 * folder (`blurred/<run>/`), so deleting the recording or the run deletes them.
 */

export function blurredCopyFolder(recordingKey: string, runId: string): string {
  return derivedKey(recordingKey, `blurred/${runId}`);
}

export function blurredCopyKey(recordingKey: string, runId: string, jobId: string): string {
  return `${blurredCopyFolder(recordingKey, runId)}/${jobId}.mp4`;
}

export async function blurredCopyOf(runId: string): Promise<BlurredCopy | null> {
  const [row] = await getDb().select().from(blurredCopies).where(eq(blurredCopies.runId, runId));
  return row ?? null;
}

/**
 * Makes sure the run has, or is making, a blurred copy that leaves
 * `teacherPersonKey` unblurred: nothing happens when one is ready or on its
 * way for that teacher; otherwise a job is queued in the caller's transaction
 * (and a copy being made for another teacher is superseded by it).
 */
export async function ensureBlurredCopy(
  tx: Database,
  client: pg.PoolClient,
  request: { runId: string; reason: BlurredCopyReason; requestedBy: string | null; teacherPersonKey: string | null },
): Promise<void> {
  const [current] = await tx.select().from(blurredCopies).where(eq(blurredCopies.runId, request.runId)).for('update');
  if (current && current.status !== 'failed' && current.teacherPersonKey === request.teacherPersonKey) return;
  const jobId = await sendJob(blurredCopyJob, { runId: request.runId }, { client });
  const queued = { status: 'queued' as const, reason: request.reason, requestedBy: request.requestedBy, teacherPersonKey: request.teacherPersonKey, jobId, progress: 0, error: null };
  await tx
    .insert(blurredCopies)
    .values({ runId: request.runId, ...queued })
    .onConflictDoUpdate({ target: blurredCopies.runId, set: queued });
}

/** The teacher marked another face as theirs: a blurred copy the run has (or is making) is made again, leaving that face unblurred. */
export async function followTeacherChange(tx: Database, client: pg.PoolClient, runId: string, teacherPersonKey: string): Promise<void> {
  const [copy] = await tx.select().from(blurredCopies).where(eq(blurredCopies.runId, runId));
  if (copy) await ensureBlurredCopy(tx, client, { runId, reason: copy.reason, requestedBy: copy.requestedBy, teacherPersonKey });
}

/** A run that just succeeded gets its blurred copy when the school makes one after every analysis, or when someone is excluded from its recording. */
export async function blurredCopyAfterRun(tx: Database, client: pg.PoolClient, run: AnalysisRun): Promise<void> {
  const settings = await getSchoolSettingsOfLesson(run.lessonId);
  const [exclusion] = await tx.select({ id: lessonExclusions.id }).from(lessonExclusions).where(eq(lessonExclusions.mediaAssetId, run.mediaAssetId)).limit(1);
  if (!exclusion && settings.blurredPlaybackCopy !== 'always') return;
  const [stored] = await tx.select({ summary: analysisRuns.summary }).from(analysisRuns).where(eq(analysisRuns.id, run.id));
  const teacherPersonKey = stored?.summary.faces?.teacherPersonKey ?? null;
  await ensureBlurredCopy(tx, client, { runId: run.id, reason: exclusion ? 'exclusion' : 'school-setting', requestedBy: null, teacherPersonKey });
}

/** What the report plays of a recording: a stored file, or why there is none to play. */
export type PlayableCopy = { blurred: boolean; key: string; type: string } | { blurred: null; why: string };

/** The recording's blurred copies, newest first — of any of its runs: a re-run's copy may still be in the making. */
async function blurredCopiesOfRecording(mediaAssetId: string) {
  return getDb()
    .select({ status: blurredCopies.status, storageKey: blurredCopies.storageKey })
    .from(blurredCopies)
    .innerJoin(analysisRuns, eq(analysisRuns.id, blurredCopies.runId))
    .where(eq(analysisRuns.mediaAssetId, mediaAssetId))
    .orderBy(desc(blurredCopies.finishedAt), desc(blurredCopies.createdAt));
}

/** Why faces of the recording must only be shown blurred (someone is excluded from it, or the school blurs every recording), or null. */
async function whyBlurred(mediaAssetId: string, settings: Pick<SchoolSettings, 'blurredPlaybackCopy'>): Promise<string | null> {
  const [excluded] = await getDb().select({ id: lessonExclusions.id }).from(lessonExclusions).where(eq(lessonExclusions.mediaAssetId, mediaAssetId)).limit(1);
  if (excluded) return 'someone is excluded from this recording';
  return settings.blurredPlaybackCopy === 'always' ? 'your school blurs every face but the teacher’s' : null;
}

/**
 * What is played of a recording: its newest ready blurred copy. Without one,
 * the playback copy — unless faces must be blurred (whyBlurred): then nothing
 * is played until the blurred copy is ready, so a face that must be blurred
 * is never shown.
 */
export async function playableCopyOf(asset: MediaAsset, settings: Pick<SchoolSettings, 'blurredPlaybackCopy'>): Promise<PlayableCopy> {
  if (!asset.playbackKey) return { blurred: null, why: 'The playable copy of the recording is not ready yet.' };
  if (!asset.video) return { blurred: false, key: asset.playbackKey, type: asset.playbackType ?? 'audio/mp4' };
  const copies = await blurredCopiesOfRecording(asset.id);
  const ready = copies.find((c) => c.status === 'ready' && c.storageKey);
  if (ready) return { blurred: true, key: ready.storageKey!, type: 'video/mp4' };
  const why = await whyBlurred(asset.id, settings);
  if (!why) return { blurred: false, key: asset.playbackKey, type: asset.playbackType ?? 'video/mp4' };
  if (copies.some((c) => c.status === 'queued' || c.status === 'making')) return { blurred: null, why: `The recording plays here once its copy with faces blurred is ready (${why}); the charts and figures are ready.` };
  if (copies.some((c) => c.status === 'failed')) return { blurred: null, why: `The copy with faces blurred could not be made, so the recording is not played (${why}); see the lesson page.` };
  return { blurred: null, why: `The recording is played only as a copy with faces blurred (${why}); the teacher can ask for one on the lesson page.` };
}

/**
 * What the lesson's still is cut from: the recording's newest ready blurred
 * copy; the recording itself where no face must be blurred; null while the
 * blurred copy is still to be made (its job cuts the still).
 */
export async function stillSourceOf(asset: MediaAsset, settings: Pick<SchoolSettings, 'blurredPlaybackCopy'>): Promise<string | null> {
  const ready = (await blurredCopiesOfRecording(asset.id)).find((c) => c.status === 'ready' && c.storageKey);
  if (ready) return ready.storageKey;
  return (await whyBlurred(asset.id, settings)) ? null : asset.storageKey;
}

/** The job takes the copy over; null when another job was asked for since (that one makes it). */
export async function claimBlurredCopy(runId: string, jobId: string): Promise<BlurredCopy | null> {
  const [row] = await getDb()
    .update(blurredCopies)
    .set({ status: 'making', progress: 0 })
    .where(and(eq(blurredCopies.runId, runId), eq(blurredCopies.jobId, jobId), sql`${blurredCopies.status} in ('queued', 'making')`))
    .returning();
  return row ?? null;
}

/** Whether the job still holds the copy (a newer request took it over otherwise); records how far it is. */
export async function reportBlurredCopyProgress(runId: string, jobId: string, fraction: number): Promise<boolean> {
  const held = await getDb()
    .update(blurredCopies)
    .set({ progress: Math.round(Math.min(1, fraction) * 1000) / 1000 })
    .where(and(eq(blurredCopies.runId, runId), eq(blurredCopies.jobId, jobId), eq(blurredCopies.status, 'making')))
    .returning({ runId: blurredCopies.runId });
  return held.length > 0;
}

/**
 * Records what the job made (or why it could not). Only the job the row
 * names may store: a superseded job's file is deleted instead. The previous
 * copy's file goes either way (it was made for an earlier request: another
 * teacher, before an exclusion). Returns whether the outcome was stored.
 */
export async function settleBlurredCopy(
  runId: string,
  jobId: string,
  outcome: { key: string; bytes: number; stats: BlurredCopyStats } | { error: string },
): Promise<boolean> {
  const [before] = await getDb().select({ key: blurredCopies.storageKey }).from(blurredCopies).where(eq(blurredCopies.runId, runId));
  const stored = await getDb()
    .update(blurredCopies)
    .set(
      'key' in outcome
        ? { status: 'ready', storageKey: outcome.key, bytes: outcome.bytes, stats: outcome.stats, progress: 1, error: null, finishedAt: new Date() }
        : { status: 'failed', error: outcome.error, storageKey: null, bytes: null, finishedAt: new Date() },
    )
    .where(and(eq(blurredCopies.runId, runId), eq(blurredCopies.jobId, jobId), eq(blurredCopies.status, 'making')))
    .returning({ runId: blurredCopies.runId });
  const storage = getStorage();
  if (stored.length === 0) {
    if ('key' in outcome) await storage.delete(outcome.key);
    return false;
  }
  // The previous copy blurred for another teacher (or an earlier request): it is never played again.
  if (before?.key && before.key !== ('key' in outcome ? outcome.key : null)) await storage.delete(before.key);
  return true;
}
