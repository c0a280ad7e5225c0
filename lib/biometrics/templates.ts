import { FACE_TEMPLATE_MODEL } from '../analysis/face/template-model';
import { VOICE_TEMPLATE_MODEL } from '../analysis/voice/template-model';
import { getVoiceTemplate, listFaceTemplates } from '../db/queries';
import type { FaceTemplate, VoiceTemplate } from '../db/schema';

type ModelIdentity = { name: string; version: string };

const madeBy = (template: { modelName: string | null; modelVersion: string | null }, model: ModelIdentity) =>
  template.modelName === model.name && template.modelVersion === model.version;

export const OLD_FACE_MODEL_NOTE = 'Your reference photos were described by an earlier face model, so they were not used to find you. Add them again on your profile.';
export const OLD_VOICE_MODEL_NOTE = 'Your voice sample was described by an earlier voice model, so it was not used to find your voice. Record it again on your profile.';

/** What the teacher's templates can do for a lesson: only ready ones made by today's models are compared. */
export type TeacherTemplates = { faceDescriptors: number[][]; voiceEmbedding: number[] | null; notes: string[] };

export function usableTemplates(faces: FaceTemplate[], voice: VoiceTemplate | null): TeacherTemplates {
  const readyFaces = faces.filter((f) => f.status === 'ready' && f.descriptor);
  const currentFaces = readyFaces.filter((f) => madeBy(f, FACE_TEMPLATE_MODEL));
  const voiceReady = voice?.status === 'ready' && voice.embedding ? voice : null;
  const voiceCurrent = voiceReady && madeBy(voiceReady, VOICE_TEMPLATE_MODEL) ? voiceReady : null;
  const notes: string[] = [];
  if (readyFaces.length > 0 && currentFaces.length === 0) notes.push(OLD_FACE_MODEL_NOTE);
  if (voiceReady && !voiceCurrent) notes.push(OLD_VOICE_MODEL_NOTE);
  return { faceDescriptors: currentFaces.map((f) => f.descriptor!), voiceEmbedding: voiceCurrent?.embedding ?? null, notes };
}

export async function teacherTemplates(userId: string): Promise<TeacherTemplates> {
  const [faces, voice] = await Promise.all([listFaceTemplates(userId), getVoiceTemplate(userId)]);
  return usableTemplates(faces, voice);
}

/** Whether a ready template was made by today's model (the profile asks for a new one otherwise). */
export function isCurrentFaceTemplate(template: FaceTemplate): boolean {
  return madeBy(template, FACE_TEMPLATE_MODEL);
}

export function isCurrentVoiceTemplate(template: VoiceTemplate): boolean {
  return madeBy(template, VOICE_TEMPLATE_MODEL);
}
