import { eq } from 'drizzle-orm';
import { withoutPerson, type FacePosition } from '../analysis/face/exclusion';
import { getDb, withTransaction } from '../db/client';
import { getMediaAsset, getRun, listLessonPeople } from '../db/queries';
import { lessonExclusions, mediaAssets } from '../db/schema';
import { ensureBlurredCopy } from '../lessons/blurred-copy';
import { createReportVersion } from '../reports/versions';
import { getStorage } from '../storage';
import { readMergedAnalysis, storeMergedAnalysis } from './merged-analysis';

/** Where each person excluded from a recording was (one list per person): the merge leaves their tracks out of every later run of it. */
export async function excludedPositions(mediaAssetId: string): Promise<FacePosition[][]> {
  const rows = await getDb().select({ positions: lessonExclusions.positions }).from(lessonExclusions).where(eq(lessonExclusions.mediaAssetId, mediaAssetId));
  return rows.map((r) => r.positions);
}

export async function listExclusions(mediaAssetId: string) {
  return getDb().select().from(lessonExclusions).where(eq(lessonExclusions.mediaAssetId, mediaAssetId)).orderBy(lessonExclusions.createdAt);
}

/**
 * The teacher excludes a person of a lesson's video (a student who opted
 * out): in one transaction their tracks leave the merged analysis, the rows
 * derived from it are re-derived without them (their person row goes, the
 * students' per-second figures no longer count them), the exclusion is
 * recorded with where they were (to leave them out of re-runs, without a face
 * template), the poster — a still that may show them — is dropped, a
 * blurred copy is asked for (it replaces the poster once made, and is what
 * the report plays), and a report version without them is reserved. Their face
 * crop is deleted once that is committed. Nothing is detected again.
 */
export async function excludePerson(input: { runId: string; personKey: string; excludedBy: { id: string; name: string } }): Promise<string | null> {
  const run = await getRun(input.runId);
  if (!run || run.status !== 'succeeded') return 'The analysis has not finished yet.';
  const asset = await getMediaAsset(run.mediaAssetId);
  if (!asset) return 'The recording no longer exists.';
  const storage = getStorage();
  const outcome = await withTransaction(async (tx, client) => {
    const analysis = await readMergedAnalysis(tx, run.id, { forUpdate: true });
    const faces = analysis?.faces;
    if (!analysis || !faces?.people.some((p) => p.id === input.personKey)) return { problem: 'That person is not in this lesson.' };
    if (faces.teacher.personId === input.personKey) return { problem: `${input.personKey} is marked as you. If that is wrong, choose yourself first.` };
    const { faces: remaining, positions } = withoutPerson(faces, input.personKey);
    const thumbnails = new Map((await listLessonPeople(run.id)).filter((p) => p.thumbnailKey).map((p) => [p.personKey, p.thumbnailKey!]));
    const crop = thumbnails.get(input.personKey);
    thumbnails.delete(input.personKey);
    await storeMergedAnalysis(tx, run.id, { ...analysis, faces: remaining }, thumbnails);
    await tx.insert(lessonExclusions).values({
      lessonId: run.lessonId,
      mediaAssetId: asset.id,
      personKey: input.personKey,
      runId: run.id,
      positions,
      excludedBy: input.excludedBy.id,
      excludedByName: input.excludedBy.name,
    });
    await tx.update(mediaAssets).set({ posterKey: null }).where(eq(mediaAssets.id, asset.id));
    await ensureBlurredCopy(tx, client, { runId: run.id, reason: 'exclusion', requestedBy: input.excludedBy.id, teacherPersonKey: remaining.teacher.personId });
    await createReportVersion(tx, client, { lessonId: run.lessonId, runId: run.id, mediaAssetId: asset.id, reason: 'person-excluded', requestedBy: input.excludedBy.id });
    return { problem: null, deleted: [crop, asset.posterKey].filter((key): key is string => !!key) };
  });
  for (const key of outcome.deleted ?? []) await storage.delete(key);
  return outcome.problem;
}
