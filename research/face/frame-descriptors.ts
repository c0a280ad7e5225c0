import { cutFaceForDescriptor, describeFaces, detectFaces, frameTensor, loadFaceModels, readFaces } from '@/lib/analysis/face/faceEngine';
import { streamFrames } from '@/lib/analysis/face/frames';
import { toRelative } from '@/lib/analysis/face/boxes';
import { buildComposedClip, clipDuration, truthAt, type ComposedClip } from './composed-clips';
import { identityOf } from './score-clips';

export interface FrameDescriptor {
  clip: string;
  t: number;
  /** Camera shot (shots joined by sameCamera count as one). */
  shot: number;
  name: string;
  sizePx: number;
  descriptor: number[];
}

/**
 * Every face the detector finds on every analysed frame of a composed clip,
 * matched to who is there by construction, with its descriptor computed
 * the way the face stage computes it (SSD → landmarks → aligned 150×150
 * crop → recognition net). What the identity thresholds are measured on.
 */
export async function frameDescriptors(clip: ComposedClip, minFaceSize = 40): Promise<FrameDescriptor[]> {
  await loadFaceModels();
  const file = buildComposedClip(clip);
  const out: FrameDescriptor[] = [];
  for await (const frame of streamFrames({ videoPath: file, startS: 0, endS: clipDuration(clip), fps: 1, width: clip.width })) {
    const tensor = frameTensor(frame.data, frame.width, frame.height);
    try {
      const found = (await detectFaces(tensor, 'ssd', 0.5)).filter((d) => Math.sqrt(d.box[2] * d.box[3]) >= minFaceSize);
      const named = found.map((d) => identityOf(clip, frame.timeS, toRelative(d.box, frame.width, frame.height)));
      const kept = found.filter((_, i) => named[i]);
      const readings = await readFaces(tensor, kept.map((d) => d.box));
      const crops = readings.map((r) => cutFaceForDescriptor(tensor, r.alignedBox));
      const descriptors = await describeFaces(crops);
      crops.forEach((c) => c.dispose());
      let shot = truthAt(clip, frame.timeS).shot;
      while (shot > 0 && clip.shots[shot].sameCamera) shot--;
      const names = named.filter((n): n is string => n !== null);
      kept.forEach((d, i) =>
        out.push({ clip: clip.name, t: frame.timeS, shot, name: names[i], sizePx: Math.round(Math.sqrt(d.box[2] * d.box[3])), descriptor: descriptors[i] }),
      );
    } finally {
      tensor.dispose();
    }
  }
  return out;
}
