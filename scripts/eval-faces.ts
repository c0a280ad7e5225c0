/**
 * npm run eval:faces [-- --limit N]
 *
 * 1. Expressions: face-api's expression net on ../shared/data/faces/expressions
 *    (labels mapped to EMOTIONS as its README says; contempt has no
 *    counterpart and is reported apart). The images are already face crops,
 *    so the detector is skipped: landmarks on the whole crop → aligned box →
 *    expressions, the same readFaces() the lesson pipeline uses.
 * 2. Identity: photo-pair distances of examples/<name>/ (the threshold at
 *    ≤ 1 % false pairs, for reference); one photo per person is enrolled and
 *    the others, plus the hand-labelled faces of bbt*.jpg, are identified at
 *    the threshold in use.
 * 3. Thresholds (research/face/thresholds.ts): the same-face and clustering
 *    thresholds chosen on composed calibration clips of other people.
 * 4. Composed clips (research/face/clip-specs.ts): hard cuts, swaps in place,
 *    pans and zooms over the group stills — tracks across cuts, people found
 *    vs shown, cluster purity; cut detection there and on the real shared clip.
 * 5. Detector recall on turned, looking-down and frontal faces at classroom
 *    sizes, for several detector set-ups and the one the face stage uses.
 * Writes models/face/metrics.json and prints it. `--only thresholds,clips,detector`
 * runs just those sections and replaces only them in metrics.json (each
 * section keeps its own measuredAt); `--limit` writes nothing.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { EMOTIONS, topEmotion, type Emotion } from '@/lib/analysis/emotions';
import { iou } from '@/lib/analysis/face/boxes';
import { descriptorDistance } from '@/lib/analysis/face/descriptors';
import { enrolDescriptors } from '@/lib/analysis/face/enrol';
import { cutFaceForDescriptor, describeFaces, detectFaces, frameTensor, loadFaceModels, readFaces } from '@/lib/analysis/face/faceEngine';
import { decodeImage } from '@/lib/analysis/face/frames';
import { SAME_FACE_THRESHOLD } from '@/lib/analysis/face/identity';
import { IDENTITY_THRESHOLD } from '@/lib/analysis/face/people';
import type { PixelBox } from '@/lib/analysis/face/types';
import { roundTo } from '../lib/round';
import { evaluateComposedClips, evaluateDetectorRecall, evaluateRealClipCuts, evaluateThresholds, type PosedImage } from '../research/face/evaluate';

const DATA = path.resolve('../shared/data/faces');
const LABEL_MAP: Record<string, Emotion> = {
  anger: 'angry',
  disgust: 'disgusted',
  fear: 'fearful',
  happiness: 'happy',
  neutral: 'neutral',
  sadness: 'sad',
  surprise: 'surprised',
};

const limitArg = process.argv.indexOf('--limit');
const limitPerClass = limitArg > 0 ? Number(process.argv[limitArg + 1]) : Infinity;
const onlyArg = process.argv.indexOf('--only');
const only = onlyArg > 0 ? new Set(process.argv[onlyArg + 1].split(',')) : null;
const runs = (section: string) => !only || only.has(section);
const MAX_PAIR_FPR = 0.01;

async function evaluateExpressions() {
  const dir = path.join(DATA, 'expressions');
  const rows = readFileSync(path.join(dir, 'labels.csv'), 'utf8')
    .trim()
    .split(/\r?\n/)
    .slice(1)
    .map((l) => l.trim().split(','));
  const taken = new Map<string, number>();
  const confusion = EMOTIONS.map(() => EMOTIONS.map(() => 0));
  const contempt: Record<string, number> = {};
  let unreadable = 0;
  const poses: PosedImage[] = [];
  for (const [image, label] of rows) {
    const n = taken.get(label) ?? 0;
    if (n >= limitPerClass) continue;
    taken.set(label, n + 1);
    const decoded = await decodeImage(path.join(dir, 'images', image)).catch(() => null);
    if (!decoded) {
      unreadable++;
      continue;
    }
    const tensor = frameTensor(decoded.data, decoded.width, decoded.height);
    const [reading] = await readFaces(tensor, [[0, 0, decoded.width, decoded.height]]);
    tensor.dispose();
    poses.push({ image: `expressions/images/${image}`, width: decoded.width, height: decoded.height, yaw: reading.pose.yaw, pitch: reading.pose.pitch });
    const predicted = topEmotion(reading.expressions).emotion;
    const truth = LABEL_MAP[label];
    if (!truth) contempt[predicted] = (contempt[predicted] ?? 0) + 1;
    else confusion[EMOTIONS.indexOf(truth)][EMOTIONS.indexOf(predicted)]++;
  }
  const perClass = Object.fromEntries(
    EMOTIONS.map((e, i) => {
      const tp = confusion[i][i];
      const support = confusion[i].reduce((a, b) => a + b, 0);
      const predictedCount = confusion.reduce((a, row) => a + row[i], 0);
      const precision = predictedCount ? tp / predictedCount : 0;
      const recall = support ? tp / support : 0;
      const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
      return [e, { precision: roundTo(precision, 4), recall: roundTo(recall, 4), f1: roundTo(f1, 4), support }];
    }),
  );
  const total = confusion.flat().reduce((a, b) => a + b, 0);
  const correct = EMOTIONS.reduce((a, _, i) => a + confusion[i][i], 0);
  const present = EMOTIONS.filter((e) => perClass[e].support > 0);
  const metrics = {
    dataset: '../shared/data/faces/expressions (muxspace/facial_expressions)',
    method: 'face-api faceExpressionNet on landmark-aligned crops (detector skipped: images are face crops)',
    images: total,
    unreadableImages: unreadable,
    accuracy: roundTo(correct / total, 4),
    macroF1: roundTo(present.reduce((a, e) => a + perClass[e].f1, 0) / present.length, 4),
    perClass,
    confusionMatrix: { rows: 'true', columns: 'predicted', labels: EMOTIONS, counts: confusion },
    contemptLeftOut: { note: 'contempt has no face-api counterpart; left out of the scores. Predicted classes for those images:', predicted: contempt },
  };
  return { metrics, poses };
}

/** Descriptors of the faces SSD finds in a group photo, paired with their boxes (the lesson path: detect → landmarks → aligned crop → descriptor). */
async function describeGroupPhoto(file: string): Promise<Array<{ box: PixelBox; descriptor: number[] }>> {
  const image = await decodeImage(file);
  const tensor = frameTensor(image.data, image.width, image.height);
  try {
    const found = await detectFaces(tensor, 'ssd', 0.3);
    const readings = await readFaces(tensor, found.map((f) => f.box));
    const crops = readings.map((r) => cutFaceForDescriptor(tensor, r.alignedBox));
    const descriptors = await describeFaces(crops);
    crops.forEach((c) => c.dispose());
    return found.map((f, i) => ({ box: f.box, descriptor: descriptors[i] }));
  } finally {
    tensor.dispose();
  }
}

function identify(descriptor: number[], gallery: Map<string, number[]>, threshold: number): string {
  let best = { name: 'unknown', distance: Infinity };
  for (const [name, reference] of gallery) {
    const distance = descriptorDistance(descriptor, reference);
    if (distance < best.distance) best = { name, distance };
  }
  return best.distance < threshold ? best.name : 'unknown';
}

async function evaluateIdentity() {
  const dir = path.join(DATA, 'examples');
  const names = readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
  const photos = new Map<string, Array<{ file: string; descriptor: number[] }>>();
  for (const name of names) {
    const files = readdirSync(path.join(dir, name)).filter((f) => /\.(png|jpe?g)$/i.test(f)).sort();
    const descriptors = await enrolDescriptors(files.map((f) => path.join(dir, name, f)));
    photos.set(name, files.map((file, i) => ({ file, descriptor: descriptors[i] })));
  }

  // Threshold: the largest distance at which at most 1 % of different-person pairs match. A false match costs more than a
  // miss (a student's face read as the teacher's), so this sits a little below the TPR − FPR optimum.
  const all = [...photos].flatMap(([name, list]) => list.map((p) => ({ name, descriptor: p.descriptor })));
  const pairs: Array<{ same: boolean; distance: number }> = [];
  for (let i = 0; i < all.length; i++)
    for (let j = i + 1; j < all.length; j++) pairs.push({ same: all[i].name === all[j].name, distance: descriptorDistance(all[i].descriptor, all[j].descriptor) });
  const sameCount = pairs.filter((p) => p.same).length;
  const diffCount = pairs.length - sameCount;
  let chosen = { threshold: 0, tpr: 0, fpr: 0 };
  let youden = { threshold: 0, value: -1 };
  for (let t = 0.3; t <= 0.8 + 1e-9; t += 0.01) {
    const threshold = roundTo(t, 2);
    const tpr = pairs.filter((p) => p.same && p.distance < threshold).length / sameCount;
    const fpr = pairs.filter((p) => !p.same && p.distance < threshold).length / diffCount;
    if (fpr <= MAX_PAIR_FPR) chosen = { threshold, tpr, fpr };
    if (tpr - fpr > youden.value + 1e-12) youden = { threshold, value: tpr - fpr };
  }

  const gallery = new Map([...photos].map(([name, list]) => [name, list[0].descriptor]));
  const score = (threshold: number) => {
    let correct = 0;
    let falseMatches = 0;
    let queries = 0;
    for (const [name, list] of photos)
      for (const p of list.slice(1)) {
        queries++;
        const predicted = identify(p.descriptor, gallery, threshold);
        if (predicted === name) correct++;
        else if (predicted !== 'unknown') falseMatches++;
      }
    return { queries, accuracy: roundTo(correct / queries, 4), falseMatchRate: roundTo(falseMatches / queries, 4) };
  };

  const fixture = JSON.parse(readFileSync(path.resolve('test/fixtures/face/bbt-identities.json'), 'utf8')) as {
    images: Record<string, Array<{ box: PixelBox; name: string }>>;
  };
  const groupFaces: Array<{ truth: string; descriptor: number[] | null }> = [];
  for (const [image, labelled] of Object.entries(fixture.images)) {
    const found = await describeGroupPhoto(path.join(dir, image));
    for (const face of labelled) {
      const match = found.find((f) => iou(f.box, face.box) > 0.5);
      groupFaces.push({ truth: face.name, descriptor: match?.descriptor ?? null });
    }
  }
  const scoreGroup = (threshold: number) => {
    const known = groupFaces.filter((f) => f.truth !== 'unknown');
    let correct = 0;
    let falseMatches = 0;
    for (const f of groupFaces) {
      const predicted = f.descriptor ? identify(f.descriptor, gallery, threshold) : 'unknown';
      if (f.truth !== 'unknown' && predicted === f.truth) correct++;
      else if (predicted !== 'unknown' && predicted !== f.truth) falseMatches++;
    }
    return {
      faces: groupFaces.length,
      knownFaces: known.length,
      notDetected: groupFaces.filter((f) => !f.descriptor).length,
      accuracy: roundTo(correct / known.length, 4),
      falseMatchRate: roundTo(falseMatches / groupFaces.length, 4),
    };
  };
  return {
    dataset: '../shared/data/faces/examples/<name>/ (8 people × 5 photos) and bbt1–5.jpg (test/fixtures/face/bbt-identities.json)',
    method: 'enrol photo 1 of each person; identify = nearest enrolled descriptor if its distance is under the threshold, else unknown',
    thresholdChoice: {
      rule: `largest threshold (0.01 steps) with at most ${MAX_PAIR_FPR * 100} % of different-person photo pairs of examples/<name>/ under it`,
      chosen: chosen.threshold,
      youdenOptimum: youden.threshold,
      pairTPR: roundTo(chosen.tpr, 4),
      pairFPR: roundTo(chosen.fpr, 4),
      inUse: IDENTITY_THRESHOLD,
    },
    examples: score(IDENTITY_THRESHOLD),
    groupStills: scoreGroup(IDENTITY_THRESHOLD),
    atYoudenOptimum: { examples: score(youden.threshold), groupStills: scoreGroup(youden.threshold) },
    note: 'examples are scored on the photos the threshold was chosen on (optimistic); bbt stills are held out',
  };
}

if (!existsSync(DATA)) {
  console.error(`needs ${DATA} (../shared/data/faces)`);
  process.exit(1);
}
const backend = await loadFaceModels();
const started = Date.now();
const expressions = runs('expressions') || runs('detector') ? await evaluateExpressions() : null;
const identity = runs('identity') ? await evaluateIdentity() : null;
const thresholds = runs('thresholds') ? await evaluateThresholds() : null;
const composedClips = runs('clips') ? { ...(await evaluateComposedClips()), realClipCuts: await evaluateRealClipCuts() } : null;
const detectorRecall = runs('detector') && expressions ? await evaluateDetectorRecall(expressions.poses) : null;
const measuredAt = new Date().toISOString();
const measured = (section: object | null | undefined) => (section ? { measuredAt, ...section } : undefined);
const sections = {
  expressions: measured(expressions && runs('expressions') ? expressions.metrics : null),
  identity: measured(identity),
  thresholds: measured(thresholds),
  composedClips: measured(composedClips),
  detectorRecall: measured(detectorRecall),
};
const METRICS = 'models/face/metrics.json';
const previous = only && existsSync(METRICS) ? (JSON.parse(readFileSync(METRICS, 'utf8')) as Record<string, unknown>) : {};
const metrics = {
  ...previous,
  generatedAt: measuredAt,
  backend,
  limitPerClass: Number.isFinite(limitPerClass) ? limitPerClass : null,
  ...Object.fromEntries(Object.entries(sections).filter(([, v]) => v !== undefined)),
};
if (!Number.isFinite(limitPerClass)) {
  mkdirSync('models/face', { recursive: true });
  writeFileSync(METRICS, JSON.stringify(metrics, null, 2) + '\n');
}
console.log(JSON.stringify(metrics, (k, v) => (k === 'counts' ? v.map((r: number[]) => r.join(' ')) : v), 2));
console.log(`backend ${backend}; ${((Date.now() - started) / 1000).toFixed(0)} s`);
if (thresholds && thresholds.sameFace.chosen !== SAME_FACE_THRESHOLD) {
  console.warn(`same-face threshold chosen now (${thresholds.sameFace.chosen}) differs from SAME_FACE_THRESHOLD (${SAME_FACE_THRESHOLD}) in lib/analysis/face/identity.ts`);
}
if (thresholds && thresholds.cluster.chosen !== IDENTITY_THRESHOLD) {
  console.warn(`clustering threshold chosen now (${thresholds.cluster.chosen}) differs from IDENTITY_THRESHOLD (${IDENTITY_THRESHOLD}) in lib/analysis/face/people.ts`);
}
