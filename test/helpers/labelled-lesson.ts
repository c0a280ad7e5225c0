import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Emotion } from '../../lib/analysis/emotions';
import { buildSyntheticLesson, type SceneFace } from '../face/syntheticLesson';
import { SHARED_DATA } from './fixtures';

/**
 * A lesson whose truth is known by construction, from the shared data: while
 * a face photo with a known expression is shown, labelled RAVDESS clips of one
 * speaker (the teacher) play; in between, a second speaker's clips play over
 * other faces (the students); at the end, no one speaks. The photos were
 * labelled by looking at them: penny1 surprised, penny2 neutral, leonard4 and
 * howard1 smiling, leonard2 and howard3 neutral.
 */

export interface LabelledSegment {
  startS: number;
  endS: number;
  who: 'teacher' | 'students' | 'silence';
  /** The expression shown (the teacher's face in teacher segments, the students' in student segments). */
  expression: Emotion;
  /** The label of the speech clips that play (RAVDESS calm counts as neutral). */
  voice: Emotion | 'calm' | null;
}

const RAVDESS = path.join(SHARED_DATA, 'speech/ravdess');
/** Validation actors (never trained on): a woman as the teacher, a man as the student who answers. */
const TEACHER_ACTOR = '18';
const STUDENT_ACTOR = '17';
const EMOTION_CODES: Record<string, string> = { neutral: '01', calm: '02', happy: '03', surprised: '08' };

/** The n-th normal-intensity clip (two statements × two repetitions) of an actor with one label. */
function clip(actor: string, label: string, n: number): string {
  const statement = String(1 + (n % 2)).padStart(2, '0');
  const repetition = String(1 + (Math.floor(n / 2) % 2)).padStart(2, '0');
  return path.join(RAVDESS, `Actor_${actor}/03-01-${EMOTION_CODES[label]}-01-${statement}-${repetition}-${actor}.flac`);
}

/**
 * The teacher speaks calmly throughout (a voice told apart by its timbre, not
 * by acted emotion: acted surprise splits one actress into two clusters), so
 * the labelled expression of a teacher segment is the face's; the students'
 * first answer is acted happy, like their faces.
 */
export const LABELLED_SEGMENTS: LabelledSegment[] = [
  { startS: 0, endS: 15, who: 'teacher', expression: 'surprised', voice: 'neutral' },
  { startS: 15, endS: 25, who: 'students', expression: 'happy', voice: 'happy' },
  { startS: 25, endS: 40, who: 'teacher', expression: 'neutral', voice: 'calm' },
  { startS: 40, endS: 50, who: 'students', expression: 'neutral', voice: 'neutral' },
  { startS: 50, endS: 68, who: 'silence', expression: 'neutral', voice: null },
];

const TEACHER_PHOTOS: Partial<Record<Emotion, string>> = { surprised: 'penny1.png', neutral: 'penny2.png' };
const STUDENT_PHOTOS: Partial<Record<Emotion, [string, string]>> = { happy: ['leonard4.png', 'howard1.png'], neutral: ['leonard2.png', 'howard3.png'] };

/** Builds (or reuses, cached in the OS temp directory) the labelled lesson as an H.264/AAC MP4. */
export function buildLabelledLesson(): string {
  const faces: SceneFace[] = [];
  const speech: Array<{ file: string; atS: number }> = [];
  for (const segment of LABELLED_SEGMENTS) {
    if (segment.who === 'students') {
      const [leonard, howard] = STUDENT_PHOTOS[segment.expression]!;
      faces.push({ name: 'leonard', photos: [leonard], switchEveryS: 60, size: 130, x: 330, y: 120, fromS: segment.startS, toS: segment.endS });
      faces.push({ name: 'howard', photos: [howard], switchEveryS: 60, size: 130, x: 480, y: 120, fromS: segment.startS, toS: segment.endS });
    } else {
      faces.push({ name: 'penny', photos: [TEACHER_PHOTOS[segment.expression]!], switchEveryS: 60, size: 230, x: 50, y: 60, fromS: segment.startS, toS: segment.endS });
    }
    if (!segment.voice) continue;
    const actor = segment.who === 'teacher' ? TEACHER_ACTOR : STUDENT_ACTOR;
    for (let k = 0, at = segment.startS + 0.3; at + 3.8 <= segment.endS; k++, at += 3.6) speech.push({ file: clip(actor, segment.voice, k), atS: at });
  }
  const durationS = LABELLED_SEGMENTS[LABELLED_SEGMENTS.length - 1].endS;
  const video = buildSyntheticLesson({ width: 640, height: 360, durationS, fps: 5, faces });

  const key = createHash('sha1').update(JSON.stringify({ video, speech })).digest('hex').slice(0, 12);
  const dir = path.join(os.tmpdir(), 'lessonlens-labelled-lessons');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `labelled-${key}.mp4`);
  if (existsSync(file)) return file;
  const inputs = speech.flatMap((s) => ['-i', s.file]);
  const delays = speech.map((s, i) => `[${i + 1}:a]adelay=${Math.round(s.atS * 1000)}:all=1[a${i}]`);
  const mix = `${speech.map((_, i) => `[a${i}]`).join('')}amix=inputs=${speech.length}:normalize=0,apad,atrim=0:${durationS}[voice]`;
  const partial = `${file}.partial.mp4`;
  execFileSync('ffmpeg', [
    '-nostdin', '-v', 'error', '-y', '-i', video, ...inputs,
    '-filter_complex', [...delays, mix].join(';'),
    '-map', '0:v', '-map', '[voice]', '-c:v', 'copy', '-c:a', 'aac', '-ar', '44100', '-t', String(durationS), partial,
  ]);
  renameSync(partial, file);
  return file;
}
