import type { LessonVoices, TimeSpan } from './types';

/** A voice sample lasts at most this long, and is sought at least this long. */
export const VOICE_SAMPLE_MAX_S = 5;
export const VOICE_SAMPLE_MIN_S = 3;

/**
 * Where to cut a speaker's listening sample: the start of the speaker's longest turn in which no other voice is
 * heard, up to VOICE_SAMPLE_MAX_S. A turn shorter than VOICE_SAMPLE_MIN_S is used whole (a student who only said a
 * few words). Null for a speaker without speech.
 */
export function voiceSampleSpan(voices: Pick<LessonVoices, 'pieces' | 'turns'>, speakerId: number): TimeSpan | null {
  const others = voices.pieces.filter((p) => p.speaker !== speakerId);
  const clear = voices.turns
    .filter((t) => t.speaker === speakerId)
    .map((t) => {
      // The turn up to the first other voice heard inside it.
      const interruption = others.filter((p) => p.endS > t.startS && p.startS < t.endS).reduce((first, p) => Math.min(first, Math.max(t.startS, p.startS)), t.endS);
      return { startS: t.startS, endS: interruption };
    })
    .filter((t) => t.endS > t.startS);
  if (clear.length === 0) return null;
  const longest = clear.reduce((a, b) => (b.endS - b.startS > a.endS - a.startS ? b : a));
  return { startS: longest.startS, endS: Math.min(longest.endS, longest.startS + VOICE_SAMPLE_MAX_S) };
}
