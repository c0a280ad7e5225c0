import { enrolDescriptors } from '../../lib/analysis/face/enrol';
import { FACE_TEMPLATE_MODEL } from '../../lib/analysis/face/template-model';
import { NO_FACE_FOUND, NOT_AN_IMAGE, settleFaceTemplate } from '../../lib/biometrics/reference-faces';
import { getFaceTemplate } from '../../lib/db/queries';
import { faceTemplateJob } from '../../lib/jobs/definitions';
import { handleJob } from '../../lib/jobs/registry';
import { getStorage } from '../../lib/storage';

async function readAll(key: string): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of getStorage().read(key)) parts.push(part as Buffer);
  return Buffer.concat(parts);
}

/** One reference photo → its face descriptor, or the sentence that says why there is none. */
export default handleJob(faceTemplateJob, async ({ templateId }) => {
  const template = await getFaceTemplate(templateId);
  if (!template || template.status !== 'pending' || !template.photoKey) return;
  const photo = await readAll(template.photoKey);
  let descriptor: number[];
  try {
    [descriptor] = await enrolDescriptors([photo]);
  } catch (error) {
    const message = String(error);
    if (/no face found/.test(message)) return settleFaceTemplate(templateId, { problem: NO_FACE_FOUND });
    if (/ffmpeg failed|unexpected image/.test(message)) return settleFaceTemplate(templateId, { problem: NOT_AN_IMAGE });
    throw error;
  }
  await settleFaceTemplate(templateId, { descriptor, model: FACE_TEMPLATE_MODEL });
});
