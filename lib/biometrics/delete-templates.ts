import { eq } from 'drizzle-orm';
import type { Database } from '../db/client';
import { faceTemplates, voiceTemplates } from '../db/schema';
import { deleteJobsNaming } from '../jobs/queue';

/**
 * Deletes a person's face and voice templates and their pending jobs in the
 * caller's transaction (their enrolment to be recognised ended: role taken
 * away, account deleted). Returns how many went and the files (kept photos,
 * an unprocessed sample) to delete once the transaction commits.
 */
export async function deleteTemplatesOf(tx: Database, userId: string): Promise<{ removed: number; fileKeys: string[] }> {
  const faces = await tx.delete(faceTemplates).where(eq(faceTemplates.userId, userId)).returning();
  const voices = await tx.delete(voiceTemplates).where(eq(voiceTemplates.userId, userId)).returning();
  await deleteJobsNaming(tx, 'templateId', faces.map((f) => f.id));
  await deleteJobsNaming(tx, 'userId', [userId]);
  const fileKeys = [...faces.map((f) => f.photoKey), ...voices.map((v) => v.sampleKey)].filter((key): key is string => !!key);
  return { removed: faces.length + voices.length, fileKeys };
}
