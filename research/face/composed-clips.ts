import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RelativeBox } from '@/lib/analysis/face/types';

/**
 * Test videos composed with ffmpeg from the shared face photos — identity
 * photos pasted onto a background and the group stills bbt*.jpg seen through
 * a moving window (pans, zooms) — cut hard from shot to shot. Who is where
 * on every analysed frame is known by construction (`truthAt`). Videos are
 * cached in the OS temp directory, never committed.
 */

export const FACE_DATA = path.resolve('../shared/data/faces');
export const EXAMPLES_DIR = path.join(FACE_DATA, 'examples');
const STILL_LABELS = path.resolve('test/fixtures/face/bbt-identities.json');

/** A region of a still, in the still's pixels; its height follows the clip's aspect ratio. */
export interface View {
  x: number;
  y: number;
  width: number;
}

/** A face photo (a square image, `image` relative to ../shared/data/faces) of person `name` pasted as a square of `size` pixels, top-left at (x, y), sliding by dx over the shot. */
export interface PastedFace {
  name: string;
  image: string;
  x: number;
  y: number;
  size: number;
  dx?: number;
}

export interface Shot {
  durationS: number;
  /**
   * The same camera goes on and only the pasted faces change (someone swapped in place): not a cut. Such a change can
   * only be caught by checking who a track is; it is scored by track purity, not as a cut.
   */
  sameCamera?: boolean;
  /** Background colour (ffmpeg colour syntax) when there is no still. */
  color?: string;
  /** A group still of examples/ (bbt*.jpg) seen through `view`, moving linearly to `toView` over the shot (pan / zoom). */
  still?: string;
  view?: View;
  toView?: View;
  faces?: PastedFace[];
}

export interface ComposedClip {
  name: string;
  width: number;
  height: number;
  fps: number;
  shots: Shot[];
}

export interface TruthFace {
  /** Identity: a person of examples/<name>/, or `<still>:unknown<i>` for the other faces of a still. */
  name: string;
  box: RelativeBox;
  /** Face size in clip pixels (square root of the box area). */
  sizePx: number;
}

interface StillLabels {
  images: Record<string, Array<{ box: [number, number, number, number]; name: string }>>;
}

let stillLabels: StillLabels | undefined;
function labelledFaces(still: string): Array<{ box: [number, number, number, number]; name: string }> {
  stillLabels ??= JSON.parse(readFileSync(STILL_LABELS, 'utf8')) as StillLabels;
  const faces = stillLabels.images[still];
  if (!faces) throw new Error(`no labelled faces for ${still} in ${STILL_LABELS}`);
  let unknown = 0;
  return faces.map((f) => (f.name === 'unknown' ? { ...f, name: `${still}:unknown${++unknown}` } : f));
}

const stillSizes = new Map<string, { width: number; height: number }>();
function stillSize(still: string): { width: number; height: number } {
  const known = stillSizes.get(still);
  if (known) return known;
  const probe = spawnSync('ffprobe', ['-v', 'error', '-select_streams', 'v', '-show_entries', 'stream=width,height', '-of', 'csv=p=0', path.join(EXAMPLES_DIR, still)], { encoding: 'utf8' });
  const [width, height] = probe.stdout.trim().split(',').map(Number);
  if (!width || !height) throw new Error(`cannot read the size of ${still}`);
  stillSizes.set(still, { width, height });
  return { width, height };
}

/** The still padded (right and bottom, so its labelled boxes keep their coordinates) to the clip's aspect ratio. */
function paddedSize(still: string, clip: ComposedClip): { width: number; height: number } {
  const { width, height } = stillSize(still);
  const aspect = clip.width / clip.height;
  const even = (v: number) => 2 * Math.ceil(v / 2);
  return width / height > aspect ? { width: even(width), height: even(width / aspect) } : { width: even(height * aspect), height: even(height) };
}

/** The view at a time of the shot, kept inside the padded still as ffmpeg's zoompan keeps it. */
function viewAt(clip: ComposedClip, shot: Shot, localS: number): View {
  const from = shot.view!;
  const to = shot.toView ?? from;
  const k = shot.durationS > 0 ? Math.round(localS * clip.fps) / Math.round(shot.durationS * clip.fps) : 0;
  const padded = paddedSize(shot.still!, clip);
  const width = Math.min(padded.width, from.width + (to.width - from.width) * k);
  const height = (width * clip.height) / clip.width;
  const clamp = (v: number, hi: number) => Math.min(Math.max(0, v), Math.max(0, hi));
  return { x: clamp(from.x + (to.x - from.x) * k, padded.width - width), y: clamp(from.y + (to.y - from.y) * k, padded.height - height), width };
}

export function shotStarts(clip: ComposedClip): number[] {
  const starts: number[] = [];
  let t = 0;
  for (const shot of clip.shots) {
    starts.push(t);
    t += shot.durationS;
  }
  return starts;
}

export function clipDuration(clip: ComposedClip): number {
  return clip.shots.reduce((s, shot) => s + shot.durationS, 0);
}

/** Which shot is on screen at time t, and which faces, where. */
export function truthAt(clip: ComposedClip, t: number): { shot: number; faces: TruthFace[] } {
  const starts = shotStarts(clip);
  let shot = starts.length - 1;
  while (shot > 0 && starts[shot] > t) shot--;
  const spec = clip.shots[shot];
  const local = t - starts[shot];
  const faces: TruthFace[] = [];
  const add = (name: string, x: number, y: number, w: number, h: number) => {
    // A face counts as shown when its centre is in the picture.
    const cx = x + w / 2;
    const cy = y + h / 2;
    if (cx < 0 || cy < 0 || cx > clip.width || cy > clip.height) return;
    faces.push({ name, box: [x / clip.width, y / clip.height, w / clip.width, h / clip.height], sizePx: Math.sqrt(w * h) });
  };
  if (spec.still) {
    const view = viewAt(clip, spec, local);
    const scale = clip.width / view.width;
    for (const f of labelledFaces(spec.still)) add(f.name, (f.box[0] - view.x) * scale, (f.box[1] - view.y) * scale, f.box[2] * scale, f.box[3] * scale);
  }
  for (const f of spec.faces ?? []) add(f.name, f.x + ((f.dx ?? 0) * local) / spec.durationS, f.y, f.size, f.size);
  return { shot, faces };
}

function renderShot(clip: ComposedClip, shot: Shot, file: string): void {
  const inputs: string[] = [];
  const filters: string[] = [];
  const d = shot.durationS;
  const frames = Math.round(d * clip.fps);
  if (shot.still) {
    const padded = paddedSize(shot.still, clip);
    const from = shot.view!;
    const to = shot.toView ?? from;
    inputs.push('-loop', '1', '-framerate', String(clip.fps), '-t', String(d), '-i', path.join(EXAMPLES_DIR, shot.still));
    const lerp = (a: number, b: number) => `(${a}+(${b - a})*on/${frames})`;
    filters.push(
      `[0:v]pad=${padded.width}:${padded.height}:0:0:color=0x3c3c3c,` +
        `zoompan=z='${padded.width}/${lerp(from.width, to.width)}':x='${lerp(from.x, to.x)}':y='${lerp(from.y, to.y)}':d=1:s=${clip.width}x${clip.height}:fps=${clip.fps},` +
        `format=yuv420p[bg0]`,
    );
  } else {
    filters.push(`color=c=${shot.color ?? '0x5a6470'}:s=${clip.width}x${clip.height}:r=${clip.fps}:d=${d},format=yuv420p[bg0]`);
  }
  let last = 'bg0';
  (shot.faces ?? []).forEach((f, k) => {
    const index = (shot.still ? 1 : 0) + k;
    inputs.push('-loop', '1', '-framerate', String(clip.fps), '-t', String(d), '-i', path.join(FACE_DATA, f.image));
    const x = f.dx ? `${f.x}+${f.dx}*t/${d}` : String(f.x);
    filters.push(`[${index}:v]scale=${f.size}:${f.size},format=yuv420p[f${k}]`);
    filters.push(`[${last}][f${k}]overlay=x='${x}':y=${f.y}:eof_action=pass[bg${k + 1}]`);
    last = `bg${k + 1}`;
  });
  const args = [
    '-nostdin', '-v', 'error', '-y', ...inputs,
    '-filter_complex', filters.join(';'), '-map', `[${last}]`,
    '-frames:v', String(frames), '-r', String(clip.fps),
    '-c:v', 'libx264', '-preset', 'ultrafast', '-crf', '23', '-pix_fmt', 'yuv420p',
    file,
  ];
  const result = spawnSync('ffmpeg', args, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`ffmpeg could not render a shot of ${clip.name}: ${result.stderr.slice(-800)}`);
}

/**
 * Renders the clip (cached by its spec): each shot on its own, then the
 * shots joined without re-encoding, so every cut is a hard cut. Shot
 * lengths must keep cuts away from whole seconds, where the 1 frame/s
 * sampling would make the truth ambiguous.
 */
export function buildComposedClip(clip: ComposedClip): string {
  for (const start of shotStarts(clip).slice(1)) {
    const offset = start - Math.floor(start);
    if (offset < 0.2 || offset > 0.8) throw new Error(`${clip.name}: a cut at ${start} s is too close to a sampled second`);
  }
  const key = createHash('sha1').update(JSON.stringify(clip)).digest('hex').slice(0, 12);
  const dir = path.join(os.tmpdir(), 'lessonlens-face-videos');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `composed-${clip.name}-${key}.mp4`);
  if (existsSync(file)) return file;
  const work = path.join(dir, `composed-${clip.name}-${key}.parts`);
  mkdirSync(work, { recursive: true });
  try {
    const parts = clip.shots.map((shot, i) => {
      const part = path.join(work, `${String(i).padStart(3, '0')}.mp4`);
      renderShot(clip, shot, part);
      return part;
    });
    const list = path.join(work, 'list.txt');
    writeFileSync(list, parts.map((p) => `file '${p}'`).join('\n') + '\n');
    const partial = `${file}.partial.mp4`;
    const joined = spawnSync('ffmpeg', ['-nostdin', '-v', 'error', '-y', '-f', 'concat', '-safe', '0', '-i', list, '-c', 'copy', partial], { encoding: 'utf8' });
    if (joined.status !== 0) throw new Error(`ffmpeg could not join the shots of ${clip.name}: ${joined.stderr.slice(-800)}`);
    renameSync(partial, file);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return file;
}
