import type { TimeSpan } from './types';

/** Default chunk length for the voice stage (the face stage uses the same 5-minute grid). */
export const VOICE_CHUNK_S = 300;

/** Consecutive whole-second chunks covering [0, durationS); the last one may be shorter. */
export function planVoiceChunks(durationS: number, chunkS = VOICE_CHUNK_S): TimeSpan[] {
  const chunks: TimeSpan[] = [];
  for (let start = 0; start < durationS; start += chunkS) chunks.push({ startS: start, endS: Math.min(durationS, start + chunkS) });
  return chunks;
}
