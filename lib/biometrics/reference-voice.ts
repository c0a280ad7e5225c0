import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { and, eq } from 'drizzle-orm';
import { ANALYSIS_SAMPLE_RATE, decodeAudio } from '../analysis/audio/decode';
import { getDb, withTransaction } from '../db/client';
import { getVoiceTemplate } from '../db/queries';
import { voiceTemplates } from '../db/schema';
import { voiceTemplateJob } from '../jobs/definitions';
import { sendJob } from '../jobs/queue';
import { ByteLimit, TooLarge } from '../media/byte-limit';
import { getStorage } from '../storage';
import { MAX_VOICE_SAMPLE_BYTES, VOICE_SAMPLE_SECONDS } from './limits';

export const TOO_LITTLE_SPEECH = 'There is too little speech in the sample. Read a paragraph aloud in your normal teaching voice.';

export type ReferenceProblem = { status: number; error: string };

/** Decoding stops this far past the longest allowed sample: a sample of hours is refused, not decoded. */
const VOICE_DECODE_SLACK_S = 5;

/**
 * A 20–60 s sample of the teacher's voice. Its length is checked here (ffmpeg
 * decodes it; no model runs in the web server), then it is stored until a
 * worker's voice-template job turns it into the voice template and deletes
 * it: the recording itself is not kept.
 */
export async function saveReferenceVoice(userId: string, body: Readable): Promise<ReferenceProblem | null> {
  const refuse = (error: string, status = 422) => ({ status, error });
  const file = path.join(os.tmpdir(), `lessonlens-voice-${randomUUID()}`);
  try {
    try {
      await pipeline(body, new ByteLimit(MAX_VOICE_SAMPLE_BYTES), createWriteStream(file));
    } catch (error) {
      if (error instanceof TooLarge) return refuse(`The sample must be under ${MAX_VOICE_SAMPLE_BYTES / 1024 ** 2} MB.`, 413);
      return refuse('The sample did not arrive whole (the upload was interrupted). Please try again.', 400);
    }
    let pcm: Float32Array;
    try {
      pcm = await decodeAudio(file, { durationSeconds: VOICE_SAMPLE_SECONDS.max + VOICE_DECODE_SLACK_S });
    } catch {
      return refuse('The sample could not be read as audio.');
    }
    const seconds = pcm.length / ANALYSIS_SAMPLE_RATE;
    const range = `record ${VOICE_SAMPLE_SECONDS.min}–${VOICE_SAMPLE_SECONDS.max} s of your voice`;
    if (seconds > VOICE_SAMPLE_SECONDS.max + 1) return refuse(`The sample is longer than ${VOICE_SAMPLE_SECONDS.max} s; ${range}.`);
    if (seconds < VOICE_SAMPLE_SECONDS.min) return refuse(`The sample is ${Math.round(seconds)} s long; ${range}.`);
    const sampleKey = `people/${userId}/voice-sample-${randomUUID()}`;
    await getStorage().write(sampleKey, createReadStream(file));
    const previous = await getVoiceTemplate(userId);
    await withTransaction(async (tx, client) => {
      const values = { status: 'pending' as const, embedding: null, modelName: null, modelVersion: null, problem: null, sampleKey, seconds, createdAt: new Date() };
      await tx.insert(voiceTemplates).values({ userId, ...values }).onConflictDoUpdate({ target: voiceTemplates.userId, set: values });
      await sendJob(voiceTemplateJob, { userId }, { client });
    });
    if (previous?.sampleKey) await getStorage().delete(previous.sampleKey);
    return null;
  } finally {
    await rm(file, { force: true });
  }
}

/** Records what the voice-template job made of the stored sample, and deletes the sample. */
export async function settleVoiceTemplate(userId: string, sampleKey: string, result: { embedding: number[]; model: { name: string; version: string } } | { problem: string }): Promise<void> {
  await getDb()
    .update(voiceTemplates)
    .set(
      'embedding' in result
        ? { status: 'ready', embedding: result.embedding, modelName: result.model.name, modelVersion: result.model.version, sampleKey: null }
        : { status: 'failed', problem: result.problem, sampleKey: null },
    )
    .where(and(eq(voiceTemplates.userId, userId), eq(voiceTemplates.sampleKey, sampleKey), eq(voiceTemplates.status, 'pending')));
  await getStorage().delete(sampleKey);
}

export async function removeReferenceVoice(userId: string): Promise<void> {
  const template = await getVoiceTemplate(userId);
  await getDb().delete(voiceTemplates).where(eq(voiceTemplates.userId, userId));
  if (template?.sampleKey) await getStorage().delete(template.sampleKey);
}
