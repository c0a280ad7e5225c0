/** A stretch of a lesson in seconds from its start. */
export type TimeSpan = { startS: number; endS: number };

/** Both analysis stages cut a lesson on the same 5-minute grid, one job per chunk. */
export const CHUNK_SECONDS = 300;

/** Splits [0, durationS) into consecutive chunks of chunkS seconds; a final sliver shorter than a quarter chunk joins the previous one. */
export function planChunks(durationS: number, chunkS: number = CHUNK_SECONDS): TimeSpan[] {
  if (!(durationS > 0)) return [];
  if (!(chunkS > 0)) throw new Error('chunkS must be positive');
  const chunks: TimeSpan[] = [];
  for (let start = 0; start < durationS; start += chunkS) chunks.push({ startS: start, endS: Math.min(durationS, start + chunkS) });
  const last = chunks[chunks.length - 1];
  if (chunks.length > 1 && last.endS - last.startS < chunkS / 4) {
    chunks.pop();
    chunks[chunks.length - 1].endS = durationS;
  }
  return chunks;
}
