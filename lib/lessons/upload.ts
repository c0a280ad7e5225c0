import { createHash, randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { and, eq, isNull } from 'drizzle-orm';
import { config } from '../config';
import { withTransaction } from '../db/client';
import { lessons, mediaAssets } from '../db/schema';
import { cancelActiveRunsOf, startRun } from '../jobs/runs';
import { derivedKey, getStorage } from '../storage';
import { ByteLimit, TooLarge } from '../media/byte-limit';
import { PLAYBACK_FILE_NAMES } from '../media/playback';
import { judgeRecording } from '../media/probe';

export type UploadResult = { accepted: true; mediaAssetId: string; runId: string } | { accepted: false; status: number; reason: string };

function formatBytes(bytes: number): string {
  const gib = bytes / 1024 ** 3;
  return gib >= 1 ? `${gib.toFixed(gib % 1 ? 1 : 0)} GB` : `${Math.round(bytes / 1024 ** 2)} MB`;
}

/** Counts and hashes bytes as they pass, failing once the limit is crossed. */
function meter(limit: number) {
  const hash = createHash('sha256');
  const stream = new ByteLimit(limit, (chunk) => hash.update(chunk));
  return { stream, result: () => ({ size: stream.bytes, sha256: hash.digest('hex') }) };
}

function safeName(name: string): string {
  return path.basename(name).replace(/[^\w.\- ]+/g, '_').slice(0, 200) || 'recording';
}

/**
 * Streams an upload to storage, then lets ffprobe decide by content whether it
 * is a usable recording. A refused file is deleted and the lesson is left as it
 * was; an accepted one becomes the lesson's media and starts an analysis run.
 */
export async function receiveUpload(input: {
  lessonId: string;
  uploadedBy: string;
  originalName: string;
  body: Readable;
}): Promise<UploadResult> {
  const storage = getStorage();
  const mediaAssetId = randomUUID();
  const extension = path.extname(safeName(input.originalName)).toLowerCase().replace(/[^.a-z0-9]/g, '').slice(0, 8);
  const assetFolder = `lessons/${input.lessonId}/${mediaAssetId}`;
  const storageKey = `${assetFolder}/original${extension}`;
  const metered = meter(config.maxUploadBytes);

  try {
    await storage.write(storageKey, input.body, [metered.stream]);
  } catch (error) {
    if (error instanceof TooLarge) {
      return { accepted: false, status: 413, reason: `The file is larger than the ${formatBytes(config.maxUploadBytes)} limit.` };
    }
    return { accepted: false, status: 400, reason: 'The upload was interrupted before the whole file arrived. Please try again.' };
  }

  const { size, sha256 } = metered.result();
  // Whatever stops the upload from here on, the stored bytes go with it.
  const discarding = async (error: unknown): Promise<never> => {
    await storage.deleteFolder(assetFolder);
    throw error;
  };
  const verdict = await judgeRecording(storage.locate(storageKey), size, config.maxDurationSeconds).catch(discarding);
  if (!verdict.usable) {
    await storage.deleteFolder(assetFolder);
    return { accepted: false, status: 422, reason: verdict.reason };
  }

  const replacedKeys = await withTransaction(async (tx) => {
    // The earlier recording's runs and results stay (the lesson shows them until the new run succeeds);
    // the superseded-run sweep deletes them later. Its analysis, if still running, stops.
    await cancelActiveRunsOf(tx, input.lessonId);
    const replaced = await tx
      .update(mediaAssets)
      .set({ replacedAt: new Date(), playbackKey: null, playbackType: null })
      .where(and(eq(mediaAssets.lessonId, input.lessonId), isNull(mediaAssets.replacedAt)))
      .returning({ key: mediaAssets.storageKey });
    await tx.insert(mediaAssets).values({
      id: mediaAssetId,
      lessonId: input.lessonId,
      storageKey,
      originalName: safeName(input.originalName),
      sizeBytes: size,
      sha256,
      durationSeconds: verdict.facts.durationSeconds,
      container: verdict.facts.container,
      video: verdict.facts.video,
      audio: verdict.facts.audio,
      uploadedBy: input.uploadedBy,
    });
    await tx.update(lessons).set({ currentMediaId: mediaAssetId, updatedAt: new Date() }).where(eq(lessons.id, input.lessonId));
    return replaced.map((p) => p.key);
  }).catch(discarding);
  // The replaced recording itself is not kept, nor its playable copy; its poster and face crops stay with its runs until they are swept.
  for (const key of replacedKeys) {
    await storage.delete(key);
    for (const derived of ['audio-16k.wav', ...PLAYBACK_FILE_NAMES]) await storage.delete(derivedKey(key, derived));
  }

  const runId = await startRun({ lessonId: input.lessonId, mediaAssetId, requestedBy: input.uploadedBy });
  return { accepted: true, mediaAssetId, runId };
}
