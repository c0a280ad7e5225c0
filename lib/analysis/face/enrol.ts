import { tf } from '../tf';
import { cutFaceForDescriptor, describeFaces, detectFaces, frameTensor, loadFaceModels, readFaces } from './faceEngine';
import { decodeImage } from './frames';
import type { PixelBox } from './types';
import { roundTo } from '../../round';

/**
 * A small, square picture is taken to be an already cut face (like face-api's
 * 150×150 reference crops) when no detector finds a face in it: crops cut
 * tight at the forehead and chin defeat both detectors.
 */
function isFaceCrop(width: number, height: number): boolean {
  return Math.max(width, height) <= 320 && Math.abs(width - height) <= 0.2 * Math.max(width, height);
}

/**
 * One 128-d descriptor per reference photo: the largest face found by SSD,
 * aligned on its landmarks like faces in lessons. Tight face crops (photos
 * that are nearly all face) are padded so the detector sees a whole face;
 * failing that, a small square photo is used whole as the face.
 * Throws naming the photo when no face is found in it.
 */
export async function enrolDescriptors(photos: Array<string | Buffer>): Promise<number[][]> {
  await loadFaceModels();
  const out: number[][] = [];
  for (const [index, photo] of photos.entries()) {
    const image = await decodeImage(photo);
    const raw = frameTensor(image.data, image.width, image.height);
    const pad = Math.round(Math.max(image.width, image.height) * 0.25);
    const padded = tf.pad(raw, [[pad, pad], [pad, pad], [0, 0]]) as tf.Tensor3D;
    try {
      let found = await detectFaces(raw, 'ssd', 0.5);
      let frame = raw;
      if (found.length === 0) {
        frame = padded;
        found = await detectFaces(padded, 'ssd', 0.3);
        if (found.length === 0) found = await detectFaces(padded, 'tiny', 0.3);
      }
      let faceBox: PixelBox;
      if (found.length > 0) {
        const largest = found.reduce((a, b) => (b.box[2] * b.box[3] > a.box[2] * a.box[3] ? b : a));
        [{ alignedBox: faceBox }] = await readFaces(frame, [largest.box]);
      } else if (isFaceCrop(image.width, image.height)) {
        frame = raw;
        faceBox = [0, 0, image.width, image.height];
      } else {
        throw new Error(`no face found in reference photo ${typeof photo === 'string' ? photo : `#${index + 1}`}`);
      }
      const crop = cutFaceForDescriptor(frame, faceBox);
      const [descriptor] = await describeFaces([crop]);
      crop.dispose();
      out.push(descriptor.map((v) => roundTo(v, 5)));
    } finally {
      raw.dispose();
      padded.dispose();
    }
  }
  return out;
}
