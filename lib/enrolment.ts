import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createWriteStream } from 'node:fs';
import { eq } from 'drizzle-orm';
import { ANALYSIS_SAMPLE_RATE, decodeAudio } from './analysis/audio/decode';
import { enrolDescriptors } from './analysis/video/enrol';
import { enrolVoice } from './analysis/voice/enrol';
import { ByteLimit, TooLarge } from './media/byte-limit';
import { getDb } from './db/client';
import { listFaceEnrolments } from './db/queries';
import { faceEnrolments, voiceEnrolments } from './db/schema';
import { getStorage } from './storage';

import { MAX_REFERENCE_PHOTOS, MAX_VOICE_SAMPLE_BYTES, VOICE_SAMPLE_SECONDS } from './enrolment-limits';

/**
 * A teacher's reference photos → one face descriptor each (the photos
 * themselves are stored only when the teacher asks). Used to recognise the
 * teacher in their lessons.
 */
export async function enrolFacePhotos(userId: string, photos: Buffer[], keepPhotos: boolean): Promise<string | null> {
  const existing = await listFaceEnrolments(userId);
  if (photos.length === 0) return 'Choose at least one photo.';
  if (existing.length + photos.length > MAX_REFERENCE_PHOTOS) return `Keep at most ${MAX_REFERENCE_PHOTOS} reference photos (you have ${existing.length}).`;
  let descriptors: number[][];
  try {
    descriptors = await enrolDescriptors(photos);
  } catch (error) {
    console.error('[enrolment]', error);
    return /no face found/.test(String(error)) ? 'No face was found in one of the photos. Use clear, front-facing photos of your face.' : 'The photos could not be read as images.';
  }
  for (const [i, descriptor] of descriptors.entries()) {
    let photoKey: string | null = null;
    if (keepPhotos) {
      photoKey = `people/${userId}/face-${randomUUID()}.img`;
      await getStorage().write(photoKey, Readable.from([photos[i]]));
    }
    await getDb().insert(faceEnrolments).values({ userId, descriptor, photoKey });
  }
  return null;
}

export async function clearFaceEnrolment(userId: string): Promise<void> {
  for (const row of await listFaceEnrolments(userId)) if (row.photoKey) await getStorage().delete(row.photoKey);
  await getDb().delete(faceEnrolments).where(eq(faceEnrolments.userId, userId));
}

export type EnrolmentProblem = { status: number; error: string };

/** Decoding stops this far past the longest allowed sample: a sample of hours is refused, not decoded. */
const VOICE_DECODE_SLACK_S = 5;

/** A 20–60 s sample of the teacher's voice → a voice model; the recording itself is not kept. */
export async function enrolVoiceSample(userId: string, body: Readable): Promise<EnrolmentProblem | null> {
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
    let embedding: number[];
    try {
      embedding = await enrolVoice(pcm);
    } catch {
      return refuse('There is too little speech in the sample. Read a paragraph aloud in your normal teaching voice.');
    }
    await getDb()
      .insert(voiceEnrolments)
      .values({ userId, embedding, seconds })
      .onConflictDoUpdate({ target: voiceEnrolments.userId, set: { embedding, seconds, createdAt: new Date() } });
    return null;
  } finally {
    await rm(file, { force: true });
  }
}

export async function clearVoiceEnrolment(userId: string): Promise<void> {
  await getDb().delete(voiceEnrolments).where(eq(voiceEnrolments.userId, userId));
}

