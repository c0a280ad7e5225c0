import { decodeAudio } from '../../lib/analysis/audio/decode';
import { enrolVoice } from '../../lib/analysis/voice/enrol';
import { VOICE_TEMPLATE_MODEL } from '../../lib/analysis/voice/template-model';
import { settleVoiceTemplate, TOO_LITTLE_SPEECH } from '../../lib/biometrics/reference-voice';
import { getVoiceTemplate } from '../../lib/db/queries';
import { voiceTemplateJob } from '../../lib/jobs/definitions';
import { handleJob } from '../../lib/jobs/registry';
import { getStorage } from '../../lib/storage';

/** The teacher's stored voice sample → their voice template; the sample is deleted either way. */
export default handleJob(voiceTemplateJob, async ({ userId }) => {
  const template = await getVoiceTemplate(userId);
  if (!template || template.status !== 'pending' || !template.sampleKey) return;
  const pcm = await decodeAudio(getStorage().locate(template.sampleKey));
  let embedding: number[];
  try {
    ({ embedding } = await enrolVoice(pcm));
  } catch (error) {
    if (!/too little speech/.test(String(error))) throw error;
    return settleVoiceTemplate(userId, template.sampleKey, { problem: TOO_LITTLE_SPEECH });
  }
  await settleVoiceTemplate(userId, template.sampleKey, { embedding, model: VOICE_TEMPLATE_MODEL });
});
