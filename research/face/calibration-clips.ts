import { readdirSync } from 'node:fs';
import path from 'node:path';
import { seededRandom, shuffleInPlace } from '../random';
import { FACE_DATA, type ComposedClip, type PastedFace, type Shot } from './composed-clips';
import { BACKDROPS } from './clip-specs';

/**
 * Composed clips of other people than the evaluation clips, for choosing
 * the identity thresholds: the named photos of ../shared/data/faces/
 * expressions (Labeled Faces in the Wild names, `Name_Surname_0001.jpg`,
 * 350×350 face crops) of everyone with at least three of them. Each clip
 * has six people: a close-up at one place cut between cameras (another
 * backdrop, the seated people elsewhere), two of its changes swaps in place,
 * and three seated people at classroom sizes, each shown with different
 * photos over the clip.
 */

const LFW_NAME = /^(.+)_(\d{4})\.jpg$/;

/** Identities with at least `min` photos: name → image paths relative to ../shared/data/faces. */
export function namedExpressionPhotos(min = 3): Map<string, string[]> {
  const byName = new Map<string, string[]>();
  for (const file of readdirSync(path.join(FACE_DATA, 'expressions/images')).sort()) {
    const match = LFW_NAME.exec(file);
    if (!match) continue;
    const list = byName.get(match[1]) ?? [];
    list.push(`expressions/images/${file}`);
    byName.set(match[1], list);
  }
  return new Map([...byName].filter(([, files]) => files.length >= min));
}

export function calibrationClips(count = 8, seed = 14): ComposedClip[] {
  const random = seededRandom(seed);
  const people = shuffleInPlace([...namedExpressionPhotos()], random);
  const clips: ComposedClip[] = [];
  for (let c = 0; c < count; c++) {
    const cast = people.slice(c * 6, c * 6 + 6);
    if (cast.length < 6) break;
    const photoOf = (k: number, n: number) => cast[k][1][n % cast[k][1].length];
    const face = (k: number, n: number, x: number, y: number, size: number): PastedFace => ({ name: cast[k][0], image: photoOf(k, n), x, y, size });
    // Close-ups of people 0–2 in turn (each several times, a new photo each time); people 3–5 seated.
    const order = [0, 1, 2, 0, 1, 2, 1, 0];
    const shots: Shot[] = order.map((k, i) => {
      const sameCamera = i === 3 || i === 6;
      const camera = sameCamera ? (i - 1) % 3 : i % 3;
      const size = 160 + 20 * ((c + i) % 3);
      return {
        durationS: i === 0 ? 5.5 : 4 + (i % 3),
        ...BACKDROPS[camera],
        ...(sameCamera ? { sameCamera } : {}),
        faces: [
          face(k, i, 380, 80, size),
          face(3, camera, 60 + 50 * camera, 380 - 20 * camera, 90 + 10 * camera),
          face(4, camera, 600 - 40 * camera, 400 - 10 * camera, 90 + 10 * camera),
          face(5, camera, 800 - 30 * camera, 300 + 30 * camera, 80 + 10 * camera),
        ],
      };
    });
    clips.push({ name: `calibration-${c + 1}`, width: 960, height: 540, fps: 25, shots });
  }
  return clips;
}
