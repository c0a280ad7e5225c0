import { classroomNoise, rms } from '../audio/classroom-noise';
import { ANALYSIS_SAMPLE_RATE } from '../../lib/analysis/audio/decode';
import { loadClips, type LoadedClip } from '../audio/speech-clips';
import { EMOTIONS, type Emotion } from '../../lib/analysis/emotions';
import { seededRandom, shuffled, uniform } from '../random';
import { readCorpusManifest } from '../ser/corpus';
import type { SpeakerRole, TimeSpan } from '../../lib/analysis/voice/types';

/**
 * Labelled lessons built by construction from RAVDESS clips: one actor is the
 * teacher (turns of several consecutive clips), others are students (turns of
 * one or two clips), with pauses, wait times, overlaps and long silences. The
 * ground truth is exact because we place every clip ourselves; the speech
 * inside a clip is found on the clean studio recording (see `cleanSpeechSpans`).
 */

/** A corpus clip with its label as one of the shared emotions. */
export interface RavdessClip {
  file: string;
  speaker: string;
  emotion: Emotion;
  split: 'train' | 'validation';
}

export type LoadedRavdessClip = LoadedClip<RavdessClip>;

/** The corpus manifest read by the speech-emotion training (the same label mapping: calm counts as neutral). */
export function readRavdessManifest(datasetDir: string): RavdessClip[] {
  return readCorpusManifest(datasetDir).map((clip) => ({ file: clip.file, speaker: clip.speaker, emotion: EMOTIONS[clip.label], split: clip.split }));
}

export interface GroundTruthUtterance extends TimeSpan {
  speaker: string;
  role: SpeakerRole;
  emotion: Emotion;
  /** Speech inside the utterance, lesson time. */
  speech: TimeSpan[];
}

export interface ConstructedLesson {
  sampleRate: number;
  durationS: number;
  teacher: string;
  students: string[];
  utterances: GroundTruthUtterance[];
  /** The lesson without noise. */
  clean: Float32Array;
}

export interface LessonRecipe {
  teacherClips: LoadedRavdessClip[];
  /** One list of clips per student. */
  studentClips: LoadedRavdessClip[][];
  random: () => number;
  /** Students sit further from the camera microphone: their level relative to the teacher, dB. */
  studentGainDb?: number;
}

/**
 * Lays out the lesson: teacher turns of 2–6 consecutive clips (0.25–0.7 s
 * pauses inside a turn); after 85 % of teacher turns a student answers with
 * 1–2 clips after a 0.8–3 s wait, or 15 % of the time overlapping the
 * teacher's last 0.3–0.8 s; the teacher resumes 0.5–2 s later (10 % of the
 * time cutting in 0.3–0.6 s early); 10 % of teacher turns start after a 4–8 s
 * silence. Runs until the teacher's clips are used up.
 */
export function composeLesson(recipe: LessonRecipe): ConstructedLesson {
  const { random } = recipe;
  const sampleRate = ANALYSIS_SAMPLE_RATE;
  const studentGain = 10 ** ((recipe.studentGainDb ?? -4) / 20);
  const teacherQueue = [...recipe.teacherClips];
  const studentQueues = recipe.studentClips.map((clips) => [...clips]);
  const placed: { clip: LoadedRavdessClip; onsetS: number; role: SpeakerRole }[] = [];
  let lastEnd = 1.0;

  const place = (clip: LoadedRavdessClip, onsetS: number, role: SpeakerRole) => {
    placed.push({ clip, onsetS, role });
    lastEnd = onsetS + (clip.speech[clip.speech.length - 1].endS - clip.speech[0].startS);
  };

  while (teacherQueue.length > 0) {
    const silence = random() < 0.1 ? uniform(random, 4, 8) : 0;
    const resumeGap = placed.length === 0 ? 0 : random() < 0.1 ? -uniform(random, 0.3, 0.6) : uniform(random, 0.5, 2);
    let onset = lastEnd + resumeGap + silence;
    const turnClips = Math.min(teacherQueue.length, 2 + Math.floor(random() * 5));
    for (let k = 0; k < turnClips; k++) {
      place(teacherQueue.shift()!, onset, 'teacher');
      onset = lastEnd + uniform(random, 0.25, 0.7);
    }
    const available = studentQueues.filter((q) => q.length > 0);
    if (available.length === 0 || random() >= 0.85) continue;
    const queue = available[Math.floor(random() * available.length)];
    const answerClips = Math.min(queue.length, random() < 0.75 ? 1 : 2);
    onset = lastEnd + (random() < 0.15 ? -uniform(random, 0.3, 0.8) : uniform(random, 0.8, 3));
    for (let k = 0; k < answerClips; k++) {
      place(queue.shift()!, onset, 'student');
      onset = lastEnd + uniform(random, 0.25, 0.7);
    }
  }

  const durationS = lastEnd + 1.5;
  const clean = new Float32Array(Math.ceil(durationS * sampleRate));
  const utterances: GroundTruthUtterance[] = [];
  for (const { clip, onsetS, role } of placed) {
    const clipStartS = onsetS - clip.speech[0].startS;
    const offset = Math.round(clipStartS * sampleRate);
    const gain = role === 'student' ? studentGain : 1;
    for (let i = 0; i < clip.pcm.length && offset + i < clean.length; i++) {
      if (offset + i >= 0) clean[offset + i] += gain * clip.pcm[i];
    }
    const speech = clip.speech.map((s) => ({ startS: clipStartS + s.startS, endS: clipStartS + s.endS }));
    utterances.push({
      speaker: clip.speaker,
      role,
      emotion: clip.emotion,
      startS: speech[0].startS,
      endS: speech[speech.length - 1].endS,
      speech,
    });
  }
  return {
    sampleRate,
    durationS,
    teacher: recipe.teacherClips[0].speaker,
    students: recipe.studentClips.map((clips) => clips[0].speaker),
    utterances,
    clean,
  };
}

/**
 * Adds noise (unit RMS) at `snrDb` below the mean power of the lesson's
 * speech (measured over ground-truth speech only, overlaps included), then
 * scales the mix so its peak sits at −1 dBFS.
 */
export function mixAtSnr(lesson: ConstructedLesson, noise: Float32Array, snrDb: number): Float32Array {
  const { clean, sampleRate } = lesson;
  const isSpeech = new Uint8Array(clean.length);
  for (const u of lesson.utterances) {
    for (const s of u.speech) isSpeech.fill(1, Math.round(s.startS * sampleRate), Math.round(s.endS * sampleRate));
  }
  let power = 0;
  let count = 0;
  for (let i = 0; i < clean.length; i++) {
    if (isSpeech[i]) {
      power += clean[i] * clean[i];
      count++;
    }
  }
  const speechPower = power / Math.max(count, 1);
  const noiseGain = Math.sqrt(speechPower / 10 ** (snrDb / 10)) / Math.max(rms(noise), 1e-12);
  const mix = new Float32Array(clean.length);
  let peak = 0;
  for (let i = 0; i < mix.length; i++) {
    mix[i] = clean[i] + noiseGain * noise[i % noise.length];
    peak = Math.max(peak, Math.abs(mix[i]));
  }
  const scale = 10 ** (-1 / 20) / Math.max(peak, 1e-9);
  for (let i = 0; i < mix.length; i++) mix[i] *= scale;
  return mix;
}

export interface LessonSetOptions {
  datasetDir: string;
  /** One entry per lesson: the teacher's speaker id first, then the students'. */
  casts: string[][];
  /** Speakers whose clips make the background murmur (never in a cast). */
  murmurSpeakers: string[];
  /** Teacher clips per lesson (a RAVDESS actor has 60). */
  teacherClips: number;
  seed: number;
}

export interface NoisyLessonSource {
  lesson: ConstructedLesson;
  /** Unit-RMS classroom noise as long as the lesson; mix with `mixAtSnr`. */
  noise: Float32Array;
}

export async function buildLessonSet(options: LessonSetOptions): Promise<NoisyLessonSource[]> {
  const random = seededRandom(options.seed);
  const manifest = readRavdessManifest(options.datasetDir);
  const bySpeaker = (speaker: string) => manifest.filter((clip) => clip.speaker === speaker);
  const murmurClips = await loadClips(shuffled(options.murmurSpeakers.flatMap(bySpeaker), random).slice(0, 40));
  const loaded = new Map<string, LoadedRavdessClip[]>();
  for (const speaker of new Set(options.casts.flat())) loaded.set(speaker, await loadClips(bySpeaker(speaker)));
  return options.casts.map(([teacher, ...students]) => {
    const lesson = composeLesson({
      teacherClips: shuffled(loaded.get(teacher)!, random).slice(0, options.teacherClips),
      studentClips: students.map((s) => shuffled(loaded.get(s)!, random)),
      random,
    });
    const noise = classroomNoise({ samples: lesson.clean.length, sampleRate: lesson.sampleRate, random, murmurClips: murmurClips.map((c) => c.pcm) });
    return { lesson, noise };
  });
}
