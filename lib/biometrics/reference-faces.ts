import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { eq } from 'drizzle-orm';
import { enrolDescriptors } from '../analysis/face/enrol';
import { getDb } from '../db/client';
import { listFaceTemplates } from '../db/queries';
import { faceTemplates } from '../db/schema';
import { getStorage } from '../storage';
import { MAX_REFERENCE_PHOTOS } from './limits';

/**
 * A teacher's reference photos → one face descriptor each (the photos
 * themselves are stored only when the teacher asks). Used to recognise the
 * teacher in their lessons.
 */
export async function addReferencePhotos(userId: string, photos: Buffer[], keepPhotos: boolean): Promise<string | null> {
  const existing = await listFaceTemplates(userId);
  if (photos.length === 0) return 'Choose at least one photo.';
  if (existing.length + photos.length > MAX_REFERENCE_PHOTOS) return `Keep at most ${MAX_REFERENCE_PHOTOS} reference photos (you have ${existing.length}).`;
  let descriptors: number[][];
  try {
    descriptors = await enrolDescriptors(photos);
  } catch (error) {
    console.error('[reference photos]', error);
    return /no face found/.test(String(error)) ? 'No face was found in one of the photos. Use clear, front-facing photos of your face.' : 'The photos could not be read as images.';
  }
  for (const [i, descriptor] of descriptors.entries()) {
    let photoKey: string | null = null;
    if (keepPhotos) {
      photoKey = `people/${userId}/face-${randomUUID()}.img`;
      await getStorage().write(photoKey, Readable.from([photos[i]]));
    }
    await getDb().insert(faceTemplates).values({ userId, descriptor, photoKey });
  }
  return null;
}

export async function removeReferencePhotos(userId: string): Promise<void> {
  for (const row of await listFaceTemplates(userId)) if (row.photoKey) await getStorage().delete(row.photoKey);
  await getDb().delete(faceTemplates).where(eq(faceTemplates.userId, userId));
}
