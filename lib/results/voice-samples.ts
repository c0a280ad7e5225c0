import { Readable } from 'node:stream';
import type { LessonVoices } from '../analysis/voice/types';
import type { MediaAsset } from '../db/schema';
import { recordingInput, runToolOutput } from '../media/ffmpeg';
import { derivedKey, type Storage } from '../storage';

/** Fade in and out so a sample cut mid-sound does not click. */
const FADE_S = 0.05;

/**
 * Cuts each voice's listening sample (LessonSpeaker.sample, chosen by the merge) from the run's sound track as a
 * 16 kHz mono WAV beside the recording, and records its storage key on the speaker. Keys are fixed per run and
 * speaker, so a retried merge overwrites, never duplicates. Without a sound track nothing is cut.
 */
export async function cutVoiceSamples(input: { voices: LessonVoices; asset: MediaAsset; runId: string; storage: Storage }): Promise<LessonVoices> {
  const { voices, asset, runId, storage } = input;
  if (!asset.audioTrackKey || !(await storage.size(asset.audioTrackKey))) return voices;
  const speakers = [];
  for (const speaker of voices.speakers) {
    if (!speaker.sample) {
      speakers.push(speaker);
      continue;
    }
    const { startS, endS } = speaker.sample;
    const seconds = endS - startS;
    const wav = await runToolOutput('ffmpeg', [
      '-nostdin', '-hide_banner', '-loglevel', 'error',
      '-ss', startS.toFixed(3), '-t', seconds.toFixed(3), ...recordingInput(storage.locate(asset.audioTrackKey)),
      '-af', `afade=t=in:d=${FADE_S},afade=t=out:st=${Math.max(0, seconds - FADE_S).toFixed(3)}:d=${FADE_S}`,
      '-ac', '1', '-ar', '16000', '-c:a', 'pcm_s16le', '-f', 'wav', 'pipe:1',
    ]);
    const key = derivedKey(asset.storageKey, `voices/${runId}-${speaker.id}.wav`);
    await storage.write(key, Readable.from([withWavSizes(wav)]));
    speakers.push({ ...speaker, sample: { ...speaker.sample, key } });
  }
  return { ...voices, speakers };
}

/** ffmpeg writing WAV to a pipe cannot go back to fill in the RIFF and data sizes; they are set here. */
function withWavSizes(wav: Buffer): Buffer {
  wav.writeUInt32LE(wav.length - 8, 4);
  for (let at = 12; at + 8 <= wav.length; ) {
    const id = wav.toString('latin1', at, at + 4);
    if (id === 'data') {
      wav.writeUInt32LE(wav.length - at - 8, at + 4);
      break;
    }
    at += 8 + wav.readUInt32LE(at + 4);
  }
  return wav;
}
