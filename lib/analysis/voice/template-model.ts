/**
 * The model whose embeddings are voice templates (enrolVoice, and the
 * speaker embeddings a lesson's voices are compared with): the GE2E speaker
 * encoder of resemblyzer 0.1.4, derived to ONNX with float16 weights
 * (speaker-encoder.ts). A template made by another model is never compared;
 * change the version whenever the embedding changes, and teachers are asked to
 * record their sample again. Kept apart from speaker-encoder.ts so that the
 * web app can check a template's model without loading onnxruntime.
 */
export const VOICE_TEMPLATE_MODEL = { name: 'resemblyzer GE2E speaker encoder', version: '0.1.4/onnx-f16' } as const;
