import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { and, eq } from 'drizzle-orm';
import { getDb, withTransaction } from '../db/client';
import { listFaceTemplates } from '../db/queries';
import { faceTemplates } from '../db/schema';
import { faceTemplateJob } from '../jobs/definitions';
import { sendJob } from '../jobs/queue';
import { getStorage } from '../storage';
import { MAX_REFERENCE_PHOTOS } from './limits';

export const NO_FACE_FOUND = 'No face was found in this photo. Use a clear, front-facing photo of your face.';
export const NOT_AN_IMAGE = 'This file could not be read as an image. Use a JPEG or PNG photo.';

/**
 * A teacher's reference photos: each is stored and becomes a pending face
 * template; a worker's face-template job turns it into a descriptor (the
 * models never run in the web server) and deletes the photo unless the
 * teacher asked to keep it.
 */
export async function addReferencePhotos(userId: string, photos: Buffer[], keepPhotos: boolean): Promise<string | null> {
  if (photos.length === 0) return 'Choose at least one photo.';
  // Photos that held no face were reported on the profile; a new try replaces those reports.
  await getDb().delete(faceTemplates).where(and(eq(faceTemplates.userId, userId), eq(faceTemplates.status, 'failed')));
  const existing = await listFaceTemplates(userId);
  if (existing.length + photos.length > MAX_REFERENCE_PHOTOS) return `Keep at most ${MAX_REFERENCE_PHOTOS} reference photos (you have ${existing.length}).`;
  const storage = getStorage();
  for (const photo of photos) {
    const photoKey = `people/${userId}/face-${randomUUID()}.img`;
    await storage.write(photoKey, Readable.from([photo]));
    await withTransaction(async (tx, client) => {
      const [template] = await tx.insert(faceTemplates).values({ userId, status: 'pending', photoKey, keepPhoto: keepPhotos }).returning({ id: faceTemplates.id });
      await sendJob(faceTemplateJob, { templateId: template.id }, { client });
    });
  }
  return null;
}

/** Records what the face-template job found for one photo; the photo itself is deleted unless it is to be kept. */
export async function settleFaceTemplate(templateId: string, result: { descriptor: number[]; model: { name: string; version: string } } | { problem: string }): Promise<void> {
  const db = getDb();
  const [template] = await db.select().from(faceTemplates).where(eq(faceTemplates.id, templateId));
  if (!template || template.status !== 'pending') return;
  const keep = 'descriptor' in result && template.keepPhoto;
  await db
    .update(faceTemplates)
    .set(
      'descriptor' in result
        ? { status: 'ready', descriptor: result.descriptor, modelName: result.model.name, modelVersion: result.model.version, photoKey: keep ? template.photoKey : null }
        : { status: 'failed', problem: result.problem, photoKey: null },
    )
    .where(and(eq(faceTemplates.id, templateId), eq(faceTemplates.status, 'pending')));
  if (!keep && template.photoKey) await getStorage().delete(template.photoKey);
}

export async function removeReferencePhotos(userId: string): Promise<void> {
  for (const row of await listFaceTemplates(userId)) if (row.photoKey) await getStorage().delete(row.photoKey);
  await getDb().delete(faceTemplates).where(eq(faceTemplates.userId, userId));
}
