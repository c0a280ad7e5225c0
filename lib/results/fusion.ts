import { EMOTIONS } from '../analysis/emotions';
import { roundTo } from '../round';

/**
 * How the face and the voice of one group (the teacher, or the students
 * together) are combined into one estimate per second. The report's "How
 * this is computed" panel prints FUSION_RULE; change both together.
 *
 * - Face weight = face quality × readable share. Quality (0–1) is the
 *   detector's score × a size factor (full at 80 px) × frontalness, so a
 *   small, blurred, dark or turned-away face counts less; the readable share
 *   is the part of the group's visible faces big enough to read (1 or 0 for
 *   the teacher).
 * - Voice weight = classifier confidence × speech share × sound factor. The
 *   speech share is the part of the second in which the group speaks, so a
 *   short piece counts less; the sound factor is 1 at a speech-to-noise
 *   ratio of 20 dB or more and falls linearly to 0.25 at 0 dB (0.5 when the
 *   ratio could not be measured), so a noisy recording counts less.
 * - Combined = (face weight × face probabilities + voice weight × voice
 *   probabilities) / (sum of the weights). With one side missing the other
 *   stands alone; with neither, there is no estimate for that second.
 */
export const FUSION_RULE = [
  'Face weight = face quality (detector score × size, full at 80 px × how frontal the face is) × the share of the group’s visible faces that could be read.',
  'Voice weight = the voice model’s confidence × the share of the second in which the group speaks × a sound factor (1 at a speech-to-noise ratio of 20 dB or more, down to 0.25 at 0 dB).',
  'Combined = the two readings averaged with those weights. When only the face or only the voice was read in a second, that side stands alone.',
] as const;

const FULL_SNR_DB = 20;
const MIN_SOUND_FACTOR = 0.25;
const UNKNOWN_SOUND_FACTOR = 0.5;

export type FusionSource = 'face' | 'voice' | 'both';

export interface SideReading {
  probabilities: number[] | null;
  /** null when the side was not observed in that second at all. */
  weight: number | null;
}

/** How far the recording's sound can be trusted, from its estimated speech-to-noise ratio. */
export function soundFactor(snrDb: number | null): number {
  if (snrDb === null) return UNKNOWN_SOUND_FACTOR;
  return Math.min(1, Math.max(MIN_SOUND_FACTOR, MIN_SOUND_FACTOR + ((1 - MIN_SOUND_FACTOR) * snrDb) / FULL_SNR_DB));
}

/** `quality`: mean best quality of the readable faces; null weight when no face of the group was visible. */
export function faceWeight(quality: number | null, readable: number, visible: number): number | null {
  if (visible <= 0) return null;
  if (readable <= 0 || quality === null) return 0;
  return roundTo(quality * Math.min(1, readable / visible), 4);
}

/** Null when the group did not speak in that second. */
export function voiceWeight(confidence: number | null, speechS: number, snrDb: number | null): number | null {
  if (speechS <= 0 && confidence === null) return null;
  if (confidence === null) return 0;
  return roundTo(confidence * Math.min(1, Math.max(0, speechS)) * soundFactor(snrDb), 4);
}

/** The combined estimate of one second, and which sides it came from. */
export function combine(face: SideReading, voice: SideReading): { probabilities: number[]; source: FusionSource } | null {
  const f = face.probabilities && (face.weight ?? 0) > 0 ? face : null;
  const v = voice.probabilities && (voice.weight ?? 0) > 0 ? voice : null;
  if (!f && !v) {
    // Read but with no weight to speak of (e.g. the speech ended as the second began): keep the reading rather than drop it.
    const only = face.probabilities ?? voice.probabilities;
    return only ? { probabilities: only, source: face.probabilities ? 'face' : 'voice' } : null;
  }
  if (f && !v) return { probabilities: f.probabilities!, source: 'face' };
  if (v && !f) return { probabilities: v.probabilities!, source: 'voice' };
  const wf = f!.weight!;
  const wv = v!.weight!;
  return {
    probabilities: EMOTIONS.map((_, i) => roundTo((wf * f!.probabilities![i] + wv * v!.probabilities![i]) / (wf + wv), 4)),
    source: 'both',
  };
}
