/**
 * The model whose embeddings are voice templates (enrolVoice, and the
 * speaker embeddings a lesson's voices are compared with). A template made by
 * another model is never compared; change the version whenever the embedding
 * changes, and teachers are asked to record their sample again.
 */
export const VOICE_TEMPLATE_MODEL = { name: 'MFCC Gaussian speaker model', version: '1' } as const;
