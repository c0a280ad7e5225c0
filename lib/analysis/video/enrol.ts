import { tf } from '../tf';
import { cutFaceForDescriptor, describeFaces, detectFaces, frameTensor, loadFaceModels, readFaces } from './faceEngine';
import { decodeImage } from './frames';

/**
 * One 128-d descriptor per reference photo: the largest face found by SSD,
 * aligned on its landmarks like faces in lessons. Tight face crops (photos
 * that are nearly all face) are padded so the detector sees a whole face.
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
        found = await detectFaces(padded, 'ssd', 0.3);
        frame = padded;
      }
      if (found.length === 0) throw new Error(`no face found in reference photo ${typeof photo === 'string' ? photo : `#${index + 1}`}`);
      const largest = found.reduce((a, b) => (b.box[2] * b.box[3] > a.box[2] * a.box[3] ? b : a));
      const [reading] = await readFaces(frame, [largest.box]);
      const crop = cutFaceForDescriptor(frame, reading.alignedBox);
      const [descriptor] = await describeFaces([crop]);
      crop.dispose();
      out.push(descriptor.map((v) => Math.round(v * 1e5) / 1e5));
    } finally {
      raw.dispose();
      padded.dispose();
    }
  }
  return out;
}
