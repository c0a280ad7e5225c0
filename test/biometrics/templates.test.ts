import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { FACE_TEMPLATE_MODEL } from '../../lib/analysis/face/template-model';
import { VOICE_TEMPLATE_MODEL } from '../../lib/analysis/voice/template-model';
import { OLD_FACE_MODEL_NOTE, OLD_VOICE_MODEL_NOTE, usableTemplates } from '../../lib/biometrics/templates';
import type { FaceTemplate, VoiceTemplate } from '../../lib/db/schema';

const face = (overrides: Partial<FaceTemplate>): FaceTemplate => ({
  id: crypto.randomUUID(), userId: 'u', status: 'ready', descriptor: [0.1, 0.2], modelName: FACE_TEMPLATE_MODEL.name, modelVersion: FACE_TEMPLATE_MODEL.version,
  problem: null, photoKey: null, keepPhoto: false, createdAt: new Date(), ...overrides,
});
const voice = (overrides: Partial<VoiceTemplate>): VoiceTemplate => ({
  userId: 'u', status: 'ready', embedding: [1, 2, 3], modelName: VOICE_TEMPLATE_MODEL.name, modelVersion: VOICE_TEMPLATE_MODEL.version,
  problem: null, sampleKey: null, seconds: 30, createdAt: new Date(), ...overrides,
});

test('only ready templates made by today’s models are compared; templates of another model version are left out with a sentence for the teacher', () => {
  const current = usableTemplates([face({ descriptor: [1] }), face({ status: 'pending', descriptor: null }), face({ status: 'failed', descriptor: null })], voice({}));
  assert.deepEqual(current, { faceDescriptors: [[1]], voiceEmbedding: [1, 2, 3], notes: [] });

  const outdated = usableTemplates([face({ modelVersion: '0.9' })], voice({ modelVersion: 'earlier' }));
  assert.deepEqual(outdated.faceDescriptors, []);
  assert.equal(outdated.voiceEmbedding, null);
  assert.deepEqual(outdated.notes, [OLD_FACE_MODEL_NOTE, OLD_VOICE_MODEL_NOTE]);
  assert.match(OLD_VOICE_MODEL_NOTE, /Record it again on your profile/);

  const otherModel = usableTemplates([], voice({ modelName: 'another speaker encoder' }));
  assert.equal(otherModel.voiceEmbedding, null, 'another model’s name is as foreign as another version');
  assert.deepEqual(usableTemplates([], null), { faceDescriptors: [], voiceEmbedding: null, notes: [] });
});

test('the face template model’s version is the installed face-api’s, whose weights make the descriptors', () => {
  const installed = JSON.parse(readFileSync('node_modules/@vladmandic/face-api/package.json', 'utf8')) as { version: string };
  assert.equal(FACE_TEMPLATE_MODEL.version, installed.version, 'face-api was upgraded: bump FACE_TEMPLATE_MODEL (teachers are then asked to add photos again)');
});
