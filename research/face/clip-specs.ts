import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ComposedClip, PastedFace, Shot, View } from './composed-clips';

/**
 * The composed clips `npm run eval:faces` scores the face stage on: hard cuts
 * between different people at the same place, pans and zooms over the group
 * stills, classroom-sized faces. Shots after the first last whole seconds and
 * the first lasts n + 0.5 s, so every cut falls half-way between two analysed
 * frames (1 frame/s).
 */

const W = 960;
const H = 540;

/** Identity photo n of examples/<name>/ pasted as a `size`-pixel square at (x, y). */
export function photo(name: string, n: number, x: number, y: number, size: number, dx?: number): PastedFace {
  return { name, image: `examples/${name}/${name}${n}.png`, x, y, size, ...(dx ? { dx } : {}) };
}

interface Labelled {
  images: Record<string, Array<{ box: [number, number, number, number]; name: string }>>;
}
const labels = JSON.parse(readFileSync(path.resolve('test/fixtures/face/bbt-identities.json'), 'utf8')) as Labelled;

/** The view of a still that shows its labelled face `name` centred at (cx, cy) of the picture with a face `size` pixels tall. */
export function focus(still: string, name: string, cx: number, cy: number, size: number): View {
  const face = labels.images[still].find((f) => f.name === name);
  if (!face) throw new Error(`${name} is not labelled in ${still}`);
  const [x, y, w, h] = face.box;
  const scale = size / h;
  return { x: x + w / 2 - cx / scale, y: y + h / 2 - cy / scale, width: W / scale };
}

/** Face-free regions of the stills (furniture, clothes, a table) as textured backdrops for pasted faces: a cut changes the whole picture, as a real cut does. */
export const BACKDROPS: Array<Pick<Shot, 'still' | 'view'>> = [
  { still: 'bbt1.jpg', view: { x: 0, y: 430, width: 600 } },
  { still: 'bbt1.jpg', view: { x: 720, y: 430, width: 600 } },
  { still: 'bbt5.jpg', view: { x: 300, y: 280, width: 327 } },
];
const backdrop = (n: number) => BACKDROPS[n % BACKDROPS.length];

const full = (still: string, width: number): Pick<Shot, 'still' | 'view'> => ({ still, view: { x: 0, y: 0, width } });

/**
 * A close-up at the same place in every shot. A cut changes the camera: another backdrop, the two seated students
 * elsewhere in the picture. Two changes are swaps in place (`sameCamera`: only the close-up's person changes).
 */
const closeUp = (name: string, n: number, durationS: number, camera: number, sameCamera = false): Shot => ({
  durationS,
  ...backdrop(camera),
  ...(sameCamera ? { sameCamera } : {}),
  faces: [
    photo(name, n, 380, 90, 200),
    photo('amy', 2, 60 + 40 * camera, 390 - 20 * camera, 100 + 10 * camera),
    photo('leonard', 1, 760 - 30 * camera, 400 - 20 * camera, 100 + 10 * camera),
  ],
});

/** Hard cuts between four people's close-ups at the same place, two students seated throughout. */
export const SAME_SPOT: ComposedClip = {
  name: 'same-spot-close-ups',
  width: W,
  height: H,
  fps: 25,
  shots: [
    closeUp('sheldon', 2, 4.5, 0),
    closeUp('raj', 1, 4, 1),
    closeUp('penny', 2, 5, 2),
    closeUp('howard', 2, 4, 0),
    closeUp('sheldon', 5, 5, 0, true),
    closeUp('penny', 5, 4, 1),
    closeUp('raj', 4, 5, 2),
    closeUp('howard', 4, 4, 2, true),
    closeUp('sheldon', 3, 4, 1),
  ],
};

const classWide = (teacherPhoto: number, durationS: number): Shot => ({
  durationS,
  ...backdrop(0),
  faces: [
    photo('sheldon', teacherPhoto, 160, 50, 150, 220),
    photo('howard', 5, 300, 380, 100),
    photo('amy', 2, 450, 380, 100),
    photo('raj', 3, 600, 380, 100),
    photo('penny', 4, 750, 380, 100),
  ],
});
const classCloseUp = (name: string, n: number, durationS: number): Shot => ({ durationS, ...backdrop(2), faces: [photo(name, n, 200, 60, 200)] });

/** A lesson filmed like a drama: wide shots of the teacher and four students, cut with close-ups at the teacher's place. */
export const CLASSROOM_CUTS: ComposedClip = {
  name: 'classroom-cuts',
  width: W,
  height: H,
  fps: 25,
  shots: [
    classWide(2, 6.5),
    classCloseUp('raj', 1, 4),
    classWide(3, 6),
    classCloseUp('penny', 2, 4),
    classWide(2, 5),
    classCloseUp('sheldon', 5, 4),
    classWide(3, 6),
  ],
};

/** Two group stills (seven people), full frame and zoomed so that different people's faces land on the same place. */
export const GROUP_STILL_CUTS: ComposedClip = {
  name: 'group-still-cuts',
  width: W,
  height: H,
  fps: 25,
  shots: [
    { durationS: 5.5, ...full('bbt5.jpg', 940) },
    { durationS: 5, ...full('bbt4.jpg', 841) },
    { durationS: 4, still: 'bbt5.jpg', view: focus('bbt5.jpg', 'sheldon', 480, 250, 220) },
    { durationS: 4, still: 'bbt4.jpg', view: focus('bbt4.jpg', 'raj', 480, 250, 220) },
    { durationS: 4, still: 'bbt5.jpg', view: focus('bbt5.jpg', 'penny', 480, 250, 220) },
    { durationS: 4, still: 'bbt4.jpg', view: focus('bbt4.jpg', 'sheldon', 480, 250, 220) },
    { durationS: 5, ...full('bbt5.jpg', 940) },
    { durationS: 4, still: 'bbt4.jpg', view: focus('bbt4.jpg', 'amy', 480, 250, 220) },
    { durationS: 4, still: 'bbt4.jpg', view: focus('bbt4.jpg', 'bernadette', 480, 250, 220) },
    { durationS: 5, ...full('bbt4.jpg', 841) },
  ],
};

/** Slow pans and zooms over the group stills (one shot each), with hard cuts between stills. */
export const PANS_AND_ZOOMS: ComposedClip = {
  name: 'pans-and-zooms',
  width: W,
  height: H,
  fps: 25,
  shots: [
    { durationS: 10.5, still: 'bbt5.jpg', view: { x: 0, y: 0, width: 560 }, toView: { x: 380, y: 60, width: 560 } },
    { durationS: 8, still: 'bbt5.jpg', view: focus('bbt5.jpg', 'sheldon', 480, 250, 240), toView: { x: 0, y: 0, width: 940 } },
    { durationS: 10, still: 'bbt3.jpg', view: { x: 0, y: 0, width: 681 }, toView: { x: 120, y: 40, width: 420 } },
    { durationS: 9, still: 'bbt4.jpg', view: { x: 300, y: 0, width: 420 }, toView: { x: 0, y: 150, width: 420 } },
  ],
};

/** A two-person table scene with turned faces (bbt2), close-ups of each at the same place, cut with close-ups from other stills. */
export const TABLE_SCENE: ComposedClip = {
  name: 'table-scene',
  width: W,
  height: H,
  fps: 25,
  shots: [
    { durationS: 6.5, ...full('bbt2.jpg', 834) },
    { durationS: 4, still: 'bbt2.jpg', view: focus('bbt2.jpg', 'leonard', 480, 250, 200) },
    { durationS: 4, still: 'bbt2.jpg', view: focus('bbt2.jpg', 'sheldon', 480, 250, 200) },
    { durationS: 4, still: 'bbt5.jpg', view: focus('bbt5.jpg', 'leonard', 480, 250, 200) },
    { durationS: 5, ...full('bbt2.jpg', 834) },
    { durationS: 4, still: 'bbt4.jpg', view: focus('bbt4.jpg', 'sheldon', 480, 250, 200) },
    { durationS: 4, still: 'bbt2.jpg', view: focus('bbt2.jpg', 'sheldon', 480, 250, 200) },
  ],
};

export const EVAL_CLIPS: ComposedClip[] = [SAME_SPOT, CLASSROOM_CUTS, GROUP_STILL_CUTS, PANS_AND_ZOOMS, TABLE_SCENE];
