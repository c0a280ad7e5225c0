import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Builds lesson-like test videos with ffmpeg from the example face photos,
 * so the ground truth (who is where, when) is known by construction.
 * Shared by the face tests and `npm run bench:video`; videos are cached in
 * the OS temp directory, never committed.
 */

export const EXAMPLES = path.resolve('../shared/data/faces/examples');

export interface SceneFace {
  name: string;
  /** Photo files (under EXAMPLES/<name>/) shown in turn. */
  photos: string[];
  /** Seconds each photo stays before the next one is shown. */
  switchEveryS: number;
  /** Face size on screen in pixels. */
  size: number;
  x: number;
  y: number;
  fromS: number;
  toS: number;
  /** Horizontal back-and-forth amplitude in pixels (a teacher walking), with its period. */
  moveAmplitude?: number;
  movePeriodS?: number;
}

export interface SyntheticLesson {
  width: number;
  height: number;
  durationS: number;
  fps: number;
  faces: SceneFace[];
  /** Display rotation metadata to add (phone video), e.g. 90; the picture is stored rotated the other way. */
  rotation?: number;
}

export function buildSyntheticLesson(spec: SyntheticLesson): string {
  const key = createHash('sha1').update(JSON.stringify(spec)).digest('hex').slice(0, 12);
  const dir = path.join(os.tmpdir(), 'lessonlens-face-videos');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `lesson-${key}.mp4`);
  if (existsSync(file)) return file;

  const inputs: string[] = [];
  const filters: string[] = [`color=c=0x5a6470:s=${spec.width}x${spec.height}:r=${spec.fps}:d=${spec.durationS},format=yuv420p[bg0]`];
  let last = 'bg0';
  let n = 0;
  for (const face of spec.faces) {
    face.photos.forEach((photo, k) => {
      inputs.push('-loop', '1', '-framerate', String(spec.fps), '-i', path.join(EXAMPLES, face.name, photo));
      const period = face.switchEveryS * face.photos.length;
      const shown = `between(t,${face.fromS},${face.toS - 0.001})*between(mod(t-${face.fromS},${period}),${k * face.switchEveryS},${(k + 1) * face.switchEveryS - 0.001})`;
      const x = face.moveAmplitude
        ? `${face.x}+${face.moveAmplitude}*sin(2*PI*t/${face.movePeriodS ?? 60})`
        : String(face.x);
      filters.push(`[${n}:v]scale=${face.size}:${face.size},format=yuv420p[f${n}]`);
      filters.push(`[${last}][f${n}]overlay=x='${x}':y=${face.y}:enable='${shown}':eof_action=pass[bg${n + 1}]`);
      last = `bg${n + 1}`;
      n++;
    });
  }
  // Store the picture turned the opposite way to the rotation tag, so a player (and ffmpeg's autorotate) shows it upright.
  // Verified by eye: with ffmpeg 5.1, a `rotate=90` tag is displayed by turning the stored picture counter-clockwise.
  const rotate = spec.rotation ? (spec.rotation === 90 ? ',transpose=1' : spec.rotation === -90 || spec.rotation === 270 ? ',transpose=2' : '') : '';
  filters.push(`[${last}]null${rotate}[out]`);
  const partial = `${file}.partial.mp4`;
  const args = [
    '-nostdin', '-v', 'error', '-y', ...inputs,
    '-filter_complex', filters.join(';'), '-map', '[out]',
    '-t', String(spec.durationS), '-r', String(spec.fps),
    '-c:v', 'libx264', '-preset', 'ultrafast', '-crf', '23', '-pix_fmt', 'yuv420p',
    partial,
  ];
  const result = spawnSync('ffmpeg', args, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`ffmpeg composition failed: ${result.stderr.slice(-800)}`);
  if (spec.rotation) {
    // ffmpeg 5.1 only writes the rotation tag (as a display matrix) when remuxing, not while encoding.
    const tagged = spawnSync('ffmpeg', ['-nostdin', '-v', 'error', '-y', '-i', partial, '-c', 'copy', '-metadata:s:v:0', `rotate=${spec.rotation}`, file], { encoding: 'utf8' });
    if (tagged.status !== 0) throw new Error(`ffmpeg rotation tag failed: ${tagged.stderr.slice(-800)}`);
    return file;
  }
  renameSync(partial, file);
  return file;
}

/** A video with no faces at all (and a silent audio track, like a camera pointed at an empty room). */
export function buildFacelessVideo(durationS: number): string {
  const dir = path.join(os.tmpdir(), 'lessonlens-face-videos');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `faceless-${durationS}.mp4`);
  if (existsSync(file)) return file;
  const args = [
    '-nostdin', '-v', 'error', '-y',
    '-f', 'lavfi', '-i', `testsrc2=s=640x360:r=25:d=${durationS}`,
    '-f', 'lavfi', '-i', `anullsrc=r=16000:cl=mono`,
    '-t', String(durationS), '-c:v', 'libx264', '-preset', 'ultrafast', '-c:a', 'aac', '-shortest', `${file}.partial.mp4`,
  ];
  const result = spawnSync('ffmpeg', args, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`ffmpeg failed: ${result.stderr.slice(-800)}`);
  renameSync(`${file}.partial.mp4`, file);
  return file;
}

/** Seconds (integer) in which a face is on screen, by construction. */
export function visibleSeconds(face: SceneFace, durationS: number): number[] {
  const out: number[] = [];
  for (let s = Math.ceil(face.fromS); s < Math.min(face.toS, durationS); s++) out.push(s);
  return out;
}
