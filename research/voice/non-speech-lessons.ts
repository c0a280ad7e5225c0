import { ANALYSIS_SAMPLE_RATE } from '../../lib/analysis/audio/decode';
import { seededRandom } from '../random';
import type { ConstructedLesson } from './constructed-lesson';
import type { TimeSpan } from '../../lib/analysis/voice/types';

/**
 * Sounds that are not talk, added to a constructed lesson: a music bed (chords over a held note at 325 Hz, with
 * vibrato), applause, and a hum that starts half-way through. Music and applause also fill inserted stretches
 * where nobody speaks, so what the voice stage calls talk there is non-speech counted as talk.
 */
const RATE = ANALYSIS_SAMPLE_RATE;

export interface NonSpeechLesson {
  lesson: ConstructedLesson;
  /** The mix before classroom noise (the lesson's speech with the non-speech sound). */
  clean: Float32Array;
  /** Stretches holding only the non-speech sound. */
  events: TimeSpan[];
}

/** Opens `seconds` of silence after the utterance that ends before `atS` (times after it move on). */
export function insertGap(lesson: ConstructedLesson, atS: number, seconds: number): { lesson: ConstructedLesson; gap: TimeSpan } {
  const before = lesson.utterances.filter((u) => u.endS <= atS);
  const cutS = (before.length > 0 ? Math.max(...before.map((u) => u.endS)) : 0) + 0.2;
  if (lesson.utterances.some((u) => u.startS < cutS && u.endS > cutS)) throw new Error(`no pause at ${cutS.toFixed(2)} s`);
  const cut = Math.round(cutS * RATE);
  const inserted = Math.round(seconds * RATE);
  const clean = new Float32Array(lesson.clean.length + inserted);
  clean.set(lesson.clean.subarray(0, cut));
  clean.set(lesson.clean.subarray(cut), cut + inserted);
  const shift = (t: number) => (t >= cutS ? t + inserted / RATE : t);
  const utterances = lesson.utterances.map((u) => ({ ...u, startS: shift(u.startS), endS: shift(u.endS), speech: u.speech.map((s) => ({ startS: shift(s.startS), endS: shift(s.endS) })) }));
  return { lesson: { ...lesson, clean, utterances, durationS: lesson.durationS + inserted / RATE }, gap: { startS: cutS, endS: cutS + inserted / RATE } };
}

/** Mean power of the lesson's reference speech. */
function speechPower(lesson: ConstructedLesson): number {
  let sum = 0;
  let count = 0;
  for (const u of lesson.utterances) {
    for (const s of u.speech) {
      for (let i = Math.round(s.startS * RATE); i < Math.min(lesson.clean.length, Math.round(s.endS * RATE)); i++) {
        sum += lesson.clean[i] ** 2;
        count++;
      }
    }
  }
  return sum / Math.max(count, 1);
}

/** Adds `sound` (any level) into `target` over [fromS, toS) at `levelDb` relative to `power`, with 0.2 s fades. */
function addAt(target: Float32Array, sound: (i: number) => number, fromS: number, toS: number, power: number, levelDb: number): void {
  const from = Math.round(fromS * RATE);
  const to = Math.min(target.length, Math.round(toS * RATE));
  let own = 0;
  for (let i = from; i < to; i++) own += sound(i) ** 2;
  own /= Math.max(1, to - from);
  const gain = Math.sqrt((power * 10 ** (levelDb / 10)) / Math.max(own, 1e-20));
  const fade = 0.2 * RATE;
  for (let i = from; i < to; i++) target[i] += gain * sound(i) * Math.min(1, (i - from) / fade, (to - i) / fade);
}

/** Chords changing every 2 s over a held 325 Hz note with 5 Hz vibrato; each note with four decaying harmonics. */
export function musicBed(seed: number): (i: number) => number {
  const random = seededRandom(seed);
  const chords = Array.from({ length: 64 }, () => [196, 247, 294, 330, 392, 440, 523].filter(() => random() < 0.45));
  const tone = (f: number, t: number) => [1, 0.5, 0.3, 0.2, 0.1].reduce((s, a, h) => s + a * Math.sin(2 * Math.PI * f * (h + 1) * t), 0);
  return (i) => {
    const t = i / RATE;
    const held = tone(325 * (1 + 0.005 * Math.sin(2 * Math.PI * 5 * t)), t);
    const chord = chords[Math.floor(t / 2) % chords.length];
    const envelope = Math.exp(-1.2 * (t % 2));
    return held + envelope * chord.reduce((s, f) => s + 0.6 * tone(f, t), 0);
  };
}

/** Applause: about 40 claps a second, each a 5–15 ms burst of noise with a fast decay. */
export function applause(seed: number, seconds: number): (i: number) => number {
  const random = seededRandom(seed);
  const out = new Float32Array(Math.ceil(seconds * RATE));
  for (let clap = 0; clap < seconds * 40; clap++) {
    const at = Math.floor(random() * out.length);
    const length = Math.round((0.005 + 0.01 * random()) * RATE);
    const amplitude = 0.3 + random();
    let low = 0;
    for (let k = 0; k < length && at + k < out.length; k++) {
      const white = 2 * random() - 1;
      low += 0.3 * (white - low);
      out[at + k] += amplitude * (white - low) * Math.exp((-5 * k) / length);
    }
  }
  return (i) => out[i % out.length];
}

/** Mains hum with harmonics (100 Hz and up) and a little fan noise. */
export function hum(seed: number): (i: number) => number {
  const random = seededRandom(seed);
  let fan = 0;
  return (i) => {
    const t = i / RATE;
    fan += 0.05 * (2 * random() - 1 - fan);
    return Math.sin(2 * Math.PI * 100 * t) + 0.6 * Math.sin(2 * Math.PI * 200 * t) + 0.4 * Math.sin(2 * Math.PI * 300 * t) + 0.2 * Math.sin(2 * Math.PI * 400 * t) + 2 * fan;
  };
}

/** A music bed 12 dB under the speech throughout, and two 10-s stretches of music alone at speech level. */
export function withMusic(base: ConstructedLesson, seed: number): NonSpeechLesson {
  const first = insertGap(base, base.durationS / 3, 10);
  const second = insertGap(first.lesson, (2 * first.lesson.durationS) / 3, 10);
  const lesson = second.lesson;
  const power = speechPower(lesson);
  const music = musicBed(seed);
  const clean = lesson.clean.slice();
  const events = [shiftedGap(first.gap, second.gap), second.gap];
  addAt(clean, music, 0, lesson.durationS, power, -12);
  for (const gap of events) addAt(clean, music, gap.startS, gap.endS, power, 0);
  return { lesson: { ...lesson, clean }, clean, events };
}

/** Two 8-s rounds of applause between turns, at speech level. */
export function withApplause(base: ConstructedLesson, seed: number): NonSpeechLesson {
  const first = insertGap(base, base.durationS / 3, 8);
  const second = insertGap(first.lesson, (2 * first.lesson.durationS) / 3, 8);
  const lesson = second.lesson;
  const power = speechPower(lesson);
  const clean = lesson.clean.slice();
  const events = [shiftedGap(first.gap, second.gap), second.gap];
  events.forEach((gap, k) => addAt(clean, applause(seed + k, 8), gap.startS, gap.endS, power, 0));
  return { lesson: { ...lesson, clean }, clean, events };
}

/** A hum 10 dB under the speech from half-way to the end. */
export function withHum(base: ConstructedLesson, seed: number): NonSpeechLesson {
  const power = speechPower(base);
  const clean = base.clean.slice();
  addAt(clean, hum(seed), base.durationS / 2, base.durationS, power, -10);
  return { lesson: { ...base, clean }, clean, events: [] };
}

/** A gap opened before a later insertion moves on by that insertion when it lies after it. */
function shiftedGap(gap: TimeSpan, later: TimeSpan): TimeSpan {
  const shift = gap.startS >= later.startS ? later.endS - later.startS : 0;
  return { startS: gap.startS + shift, endS: gap.endS + shift };
}
