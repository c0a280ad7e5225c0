import { recordingInput, runToolOutput } from '../../media/ffmpeg';
import type { RelativeBox } from './types';

export interface FaceCropInput {
  videoPath: string;
  timeS: number;
  /** Relative box of the face (e.g. Person.best.box). */
  box: RelativeBox;
  /** Output width and height in pixels (default 160). */
  size?: number;
  /** Extra context around the face, as a fraction of its size on each side (default 0.25). */
  margin?: number;
}

/** A square JPEG thumbnail of one face at one moment, cut by ffmpeg straight from the video (no temp files). */
export function cutFaceCrop(input: FaceCropInput): Promise<Buffer> {
  const size = input.size ?? 160;
  const margin = input.margin ?? 0.25;
  const [x, y, w, h] = input.box;
  const clamp = (v: number) => Math.min(1, Math.max(0, v));
  const x0 = clamp(x - w * margin);
  const y0 = clamp(y - h * margin);
  const x1 = clamp(x + w * (1 + margin));
  const y1 = clamp(y + h * (1 + margin));
  const crop = `crop=trunc(iw*${(x1 - x0).toFixed(5)}):trunc(ih*${(y1 - y0).toFixed(5)}):trunc(iw*${x0.toFixed(5)}):trunc(ih*${y0.toFixed(5)})`;
  const args = [
    '-nostdin', '-v', 'error', '-ss', String(input.timeS), ...recordingInput(input.videoPath), '-frames:v', '1',
    '-vf', `${crop},scale=${size}:${size}:force_original_aspect_ratio=decrease,pad=${size}:${size}:(ow-iw)/2:(oh-ih)/2`,
    '-q:v', '3', '-f', 'image2pipe', '-c:v', 'mjpeg', 'pipe:1',
  ];
  return runToolOutput('ffmpeg', args);
}
