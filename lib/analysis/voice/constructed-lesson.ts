import { spawn } from 'node:child_process';
import { mkdtemp, open, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { decodeAudio, ANALYSIS_SAMPLE_RATE } from '../audio/decode';
import type { Emotion } from '../emotions';
import { classroomNoise, rms } from './classroom-noise';
import { seededRandom, shuffled, uniform } from '../random';
import type { SpeakerRole, TimeSpan } from './types';

/**
 * Labelled lessons built by construction from RAVDESS clips: one actor is the
 * teacher (turns of several consecutive clips), others are students (turns of
 * one or two clips), with pauses, wait times, overlaps and long silences. The
 * ground truth is exact because we place every clip ourselves; the speech
 * inside a clip is found on the clean studio recording (see `cleanSpeechSpans`).
 */

export interface RavdessClip {
  file: string;
  speaker: string;
  emotion: Emotion;
  split: 'train' | 'validation';
}

/** RAVDESS labels onto the shared seven: calm has no counterpart and is counted as neutral. */
const RAVDESS_EMOTION: Record<string, Emotion> = {
  neutral: 'neutral',
  calm: 'neutral',
  happy: 'happy',
  sad: 'sad',
  angry: 'angry',
  fearful: 'fearful',
  disgust: 'disgusted',
  surprised: 'surprised',
};

export async function readRavdessManifest(datasetDir: string): Promise<RavdessClip[]> {
  const text = await readFile(path.join(datasetDir, 'manifest.csv'), 'utf8');
  const [header, ...rows] = text.trim().split(/\r?\n/);
  const columns = header.split(',');
  const at = (name: string) => columns.indexOf(name);
  return rows.map((row) => {
    const cells = row.split(',');
    const emotion = RAVDESS_EMOTION[cells[at('emotion')]];
    if (!emotion) throw new Error(`unknown RAVDESS emotion in ${row}`);
    return {
      file: path.join(datasetDir, cells[at('path')]),
      speaker: cells[at('speaker')],
      emotion,
      split: cells[at('split')] as RavdessClip['split'],
    };
  });
}

export interface LoadedClip extends RavdessClip {
  /** Clip trimmed to its speech plus a 0.1 s margin each side. */
  pcm: Float32Array;
  /** Speech inside the trimmed clip, seconds from its start. */
  speech: TimeSpan[];
}

const MARGIN_S = 0.1;

/** Trims a decoded clip to its speech (found on the clean recording) plus a margin. */
function trimClip(clip: RavdessClip, full: Float32Array): LoadedClip {
  const spans = cleanSpeechSpans(full, ANALYSIS_SAMPLE_RATE);
  if (spans.length === 0) throw new Error(`no speech found in ${clip.file}`);
  const from = Math.max(0, spans[0].startS - MARGIN_S);
  const to = Math.min(full.length / ANALYSIS_SAMPLE_RATE, spans[spans.length - 1].endS + MARGIN_S);
  const pcm = full.slice(Math.round(from * ANALYSIS_SAMPLE_RATE), Math.round(to * ANALYSIS_SAMPLE_RATE));
  return { ...clip, pcm, speech: spans.map((s) => ({ startS: s.startS - from, endS: s.endS - from })) };
}

export async function loadClip(clip: RavdessClip): Promise<LoadedClip> {
  return trimClip(clip, await decodeAudio(clip.file));
}

/**
 * Loads many clips with one ffmpeg run (process start-up, not decoding,
 * dominated when every clip had its own: 73 s for ~1,000 clips): the clips
 * are decoded back to back through ffmpeg's concat demuxer and cut apart by
 * the sample counts in their FLAC headers. Clips that are not 16 kHz mono
 * FLAC with a known length are decoded one by one.
 */
export async function loadClips(clips: RavdessClip[]): Promise<LoadedClip[]> {
  const lengths = await Promise.all(clips.map((clip) => flacSampleCount(clip.file)));
  const batch = clips.flatMap((clip, i) => (lengths[i] === null ? [] : [i]));
  const out: LoadedClip[] = new Array(clips.length);
  if (batch.length > 0) {
    const dir = await mkdtemp(path.join(tmpdir(), 'lessonlens-clips-'));
    try {
      const list = path.join(dir, 'clips.txt');
      await writeFile(list, batch.map((i) => `file '${clips[i].file.replaceAll("'", "'\\''")}'`).join('\n'));
      const all = await decodeConcatList(list);
      const expected = batch.reduce((sum, i) => sum + lengths[i]!, 0);
      if (all.length !== expected) throw new Error(`batch decode gave ${all.length} samples, the FLAC headers say ${expected}`);
      let at = 0;
      for (const i of batch) {
        out[i] = trimClip(clips[i], all.subarray(at, at + lengths[i]!));
        at += lengths[i]!;
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  for (const [i, clip] of clips.entries()) if (lengths[i] === null) out[i] = await loadClip(clip);
  return out;
}

/** Decodes the files of an ffmpeg concat list back to back as mono Float32 PCM at the analysis rate. */
async function decodeConcatList(list: string): Promise<Float32Array> {
  const args = ['-nostdin', '-hide_banner', '-loglevel', 'error', '-f', 'concat', '-safe', '0', '-i', list, '-vn', '-ac', '1', '-ar', String(ANALYSIS_SAMPLE_RATE), '-f', 'f32le', 'pipe:1'];
  const ffmpeg = spawn('ffmpeg', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  ffmpeg.stderr.setEncoding('utf8');
  ffmpeg.stderr.on('data', (text: string) => (stderr = (stderr + text).slice(-4000)));
  const exited = new Promise<number | null>((resolve, reject) => {
    ffmpeg.once('error', reject);
    ffmpeg.once('close', resolve);
  });
  const parts: Buffer[] = [];
  for await (const data of ffmpeg.stdout as AsyncIterable<Buffer>) parts.push(data);
  const code = await exited;
  if (code !== 0) throw new Error(`ffmpeg failed on the clip list (exit ${code}): ${stderr.trim()}`);
  const bytes = Buffer.concat(parts);
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length - (bytes.length % 4)));
}

/** Total samples from a FLAC file's STREAMINFO when it is 16 kHz mono with a known length, else null. */
async function flacSampleCount(file: string): Promise<number | null> {
  if (!file.toLowerCase().endsWith('.flac')) return null;
  const handle = await open(file, 'r');
  try {
    const header = Buffer.alloc(26);
    await handle.read(header, 0, 26, 0);
    if (header.toString('latin1', 0, 4) !== 'fLaC' || (header[4] & 0x7f) !== 0) return null;
    const info = 8;
    const sampleRate = (header[info + 10] << 12) | (header[info + 11] << 4) | (header[info + 12] >> 4);
    const channels = ((header[info + 12] >> 1) & 0x07) + 1;
    const samples = (header[info + 13] & 0x0f) * 2 ** 32 + header.readUInt32BE(info + 14);
    return sampleRate === ANALYSIS_SAMPLE_RATE && channels === 1 && samples > 0 ? samples : null;
  } finally {
    await handle.close();
  }
}

/**
 * Speech in a clean studio clip: 10 ms frames louder than both 35 dB below
 * the clip's loudest frame and 12 dB above its quietest tenth, gaps under
 * 0.25 s bridged, blips under 80 ms dropped.
 */
export function cleanSpeechSpans(pcm: Float32Array, sampleRate: number): TimeSpan[] {
  const hop = Math.round(sampleRate * 0.01);
  const frames = Math.floor(pcm.length / hop);
  const db = new Float64Array(frames);
  for (let f = 0; f < frames; f++) {
    let sum = 0;
    for (let i = f * hop; i < (f + 1) * hop; i++) sum += pcm[i] * pcm[i];
    db[f] = 10 * Math.log10(sum / hop + 1e-12);
  }
  const sorted = Array.from(db).sort((a, b) => a - b);
  const floor = sorted[Math.floor(sorted.length * 0.1)];
  const threshold = Math.max(sorted[sorted.length - 1] - 35, floor + 12);
  const spans: TimeSpan[] = [];
  for (let f = 0; f < frames; f++) {
    if (db[f] < threshold) continue;
    const startS = f * 0.01;
    const last = spans[spans.length - 1];
    if (last && startS - last.endS < 0.25) last.endS = startS + 0.01;
    else spans.push({ startS, endS: startS + 0.01 });
  }
  return spans.filter((s) => s.endS - s.startS >= 0.08);
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
  teacherClips: LoadedClip[];
  /** One list of clips per student. */
  studentClips: LoadedClip[][];
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
  const placed: { clip: LoadedClip; onsetS: number; role: SpeakerRole }[] = [];
  let lastEnd = 1.0;

  const place = (clip: LoadedClip, onsetS: number, role: SpeakerRole) => {
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
  const manifest = await readRavdessManifest(options.datasetDir);
  const bySpeaker = (speaker: string) => manifest.filter((clip) => clip.speaker === speaker);
  const murmurClips = await loadClips(shuffled(options.murmurSpeakers.flatMap(bySpeaker), random).slice(0, 40));
  const loaded = new Map<string, LoadedClip[]>();
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
