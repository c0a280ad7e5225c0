import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { eq } from 'drizzle-orm';
import { ANALYSIS_SAMPLE_RATE, decodeAudio } from '../analysis/audio/decode';
import { enrolVoice } from '../analysis/voice/enrol';
import { getDb } from '../db/client';
import { voiceTemplates } from '../db/schema';
import { ByteLimit, TooLarge } from '../media/byte-limit';
import { MAX_VOICE_SAMPLE_BYTES, VOICE_SAMPLE_SECONDS } from './limits';

/** A 20–60 s sample of the teacher's voice → a voice model; the recording itself is not kept. */
export async function saveReferenceVoice(userId: string, body: Readable): Promise<string | null> {
  const file = path.join(os.tmpdir(), `lessonlens-voice-${randomUUID()}`);
  try {
    try {
      await pipeline(body, new ByteLimit(MAX_VOICE_SAMPLE_BYTES), createWriteStream(file));
    } catch (error) {
      if (error instanceof TooLarge) return `The sample must be under ${MAX_VOICE_SAMPLE_BYTES / 1024 ** 2} MB.`;
      throw error;
    }
    let pcm: Float32Array;
    try {
      pcm = await decodeAudio(file);
    } catch {
      return 'The sample could not be read as audio.';
    }
    const seconds = pcm.length / ANALYSIS_SAMPLE_RATE;
    if (seconds < VOICE_SAMPLE_SECONDS.min || seconds > VOICE_SAMPLE_SECONDS.max + 1) {
      return `The sample is ${Math.round(seconds)} s long; record ${VOICE_SAMPLE_SECONDS.min}–${VOICE_SAMPLE_SECONDS.max} s of your voice.`;
    }
    let embedding: number[];
    try {
      embedding = (await enrolVoice(pcm)).embedding;
    } catch {
      return 'There is too little speech in the sample. Read a paragraph aloud in your normal teaching voice.';
    }
    await getDb()
      .insert(voiceTemplates)
      .values({ userId, embedding, seconds })
      .onConflictDoUpdate({ target: voiceTemplates.userId, set: { embedding, seconds, createdAt: new Date() } });
    return null;
  } finally {
    await rm(file, { force: true });
  }
}

export async function removeReferenceVoice(userId: string): Promise<void> {
  await getDb().delete(voiceTemplates).where(eq(voiceTemplates.userId, userId));
}
