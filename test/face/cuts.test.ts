import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { analyseFaceChunk, mergeFaceChunks } from '@/lib/analysis/face';
import { identityStretches } from '@/lib/analysis/face/identity';
import { joinChunkTracks } from '@/lib/analysis/face/people';
import { streamFrames } from '@/lib/analysis/face/frames';
import { CUT_EXCESS, CutDetector } from '@/lib/analysis/face/shotCuts';
import type { FaceChunkResult, FaceTrack } from '@/lib/analysis/face/types';
import { BACKDROPS, photo } from '@/research/face/clip-specs';
import { HAMILTON_CLIP, hasSharedData, NEEDS_SHARED_DATA } from '../helpers/fixtures';
import { buildComposedClip, clipDuration, EXAMPLES_DIR, type ComposedClip, type Shot } from '@/research/face/composed-clips';
import { scoreClip } from '@/research/face/score-clips';

const skip = !existsSync(EXAMPLES_DIR) && 'needs ../shared/data/faces/examples';

test('cut detector: a lone jump in the picture is a cut; a sustained change (a pan) and a flash are not', () => {
  const frame = (level: number) => new Uint8Array(576).fill(level);
  const cutsIn = (levels: number[]) => {
    const detector = new CutDetector();
    const found = levels.map((l) => detector.push(frame(l))).filter((c) => c !== null);
    const last = detector.finish();
    return last === null ? found : [...found, last];
  };
  assert.deepEqual(cutsIn([50, 50, 50, 50 + CUT_EXCESS + 5, 51 + CUT_EXCESS + 5, 51 + CUT_EXCESS + 5]), [3]);
  assert.deepEqual(cutsIn([50, 60, 70, 80, 90, 100]), [], 'a steady change of 10 levels per frame is motion');
  assert.deepEqual(cutsIn([50, 50, 90, 50, 50]), [], 'one bright frame changes the picture twice: a flash, not a cut');
  assert.deepEqual(cutsIn([50, 50, 50, 100]), [3], 'a cut on the last frame is reported at the end');
});

test('identity stretches: a window far from the stretch so far starts a new one; windows without descriptors stay put', () => {
  const a = Array.from({ length: 128 }, (_, i) => (i === 0 ? 1 : 0));
  const b = Array.from({ length: 128 }, (_, i) => (i === 1 ? 1 : 0));
  assert.deepEqual(identityStretches([[a], [a, a], [], [b], [b], [a]]), [0, 3, 5]);
  assert.deepEqual(identityStretches([[], [a], [a]]), [0]);
});

test('a chunk border with a cut on the next chunk’s first frame joins no track', () => {
  const track = (id: string, fromS: number, toS: number): FaceTrack => ({
    id,
    startS: fromS,
    endS: toS,
    observations: Array.from({ length: toS - fromS + 1 }, (_, k) => ({ t: fromS + k, box: [0.4, 0.2, 0.2, 0.3], score: 0.9, sizePx: 150, quality: 0.8, expressions: null, pose: null })),
    descriptor: Array.from({ length: 128 }, (_, i) => (i === 0 ? 1 : 0)),
    descriptorFrames: 3,
    best: { t: fromS, box: [0.4, 0.2, 0.2, 0.3], quality: 0.8 },
  });
  const chunk = (startS: number, endS: number, tracks: FaceTrack[], cuts: number[]): FaceChunkResult => ({
    version: 1, startS, endS, fps: 1, frameWidth: 960, frameHeight: 540, detector: 'ssd', backend: 'wasm', hasVideo: true,
    framesAnalysed: endS - startS, detectorFrames: 4, facesSeen: 0, facesTooSmall: 0, tracks, cuts,
    timings: { decodeS: 0, detectS: 0, trackS: 0, readS: 0, describeS: 0, totalS: 0 },
  });
  assert.equal(joinChunkTracks([chunk(0, 10, [track('a', 0, 9)], []), chunk(10, 20, [track('b', 10, 19)], [])]).length, 1);
  assert.equal(joinChunkTracks([chunk(0, 10, [track('a', 0, 9)], []), chunk(10, 20, [track('b', 10, 19)], [10])]).length, 2);
});

/** Close-ups of three people cut hard at the same place (each cut changes the backdrop), a student seated throughout. */
const closeUp = (name: string, n: number, durationS: number, camera: number): Shot => ({
  durationS,
  ...BACKDROPS[camera % BACKDROPS.length],
  faces: [photo(name, n, 380, 90, 200), photo('amy', 2, 60 + 60 * camera, 390 - 20 * camera, 100)],
});
const CUTS_AT_ONE_PLACE: ComposedClip = {
  name: 'test-cuts-at-one-place',
  width: 960,
  height: 540,
  fps: 25,
  shots: [closeUp('sheldon', 2, 4.5, 0), closeUp('raj', 1, 4, 1), closeUp('penny', 2, 4, 2), closeUp('sheldon', 2, 4, 1), closeUp('raj', 1, 4, 0)],
};

test('hard cuts between different people at the same place: no track spans a cut, four people found, each pure', { skip }, async () => {
  const video = buildComposedClip(CUTS_AT_ONE_PLACE);
  const chunk = await analyseFaceChunk({ videoPath: video, startS: 0, endS: clipDuration(CUTS_AT_ONE_PLACE) });
  assert.deepEqual(chunk.cuts, [5, 9, 13, 17]);
  const score = scoreClip(CUTS_AT_ONE_PLACE, mergeFaceChunks([chunk]));
  assert.equal(score.tracksAcrossCuts, 0, JSON.stringify(chunk.tracks.map((t) => [t.id, t.startS, t.endS])));
  assert.equal(score.impureTracks, 0);
  assert.equal(score.peopleShown, 4);
  assert.equal(score.peopleFound, 4, JSON.stringify(score.people));
  assert.equal(score.clusterPurity, 1);
});

/**
 * At 1 frame/s the frame stream's frame k shows the last picture before k + 0.5 s: a cut at 4.3 s is already on
 * frame 4, a cut at 8.7 s first on frame 9. Real cuts fall anywhere in the second (the clips above put theirs half-way).
 */
const CUTS_OFF_THE_HALF_SECOND: ComposedClip = {
  name: 'test-cuts-off-the-half-second',
  width: 960,
  height: 540,
  fps: 25,
  shots: [closeUp('sheldon', 2, 4.3, 0), closeUp('raj', 1, 4.4, 1), closeUp('penny', 2, 3.8, 2), closeUp('sheldon', 2, 4, 1)],
};

test('a cut early in a second starts the new shot on that second’s frame, a late one on the next: no track holds both shots', { skip }, async () => {
  const video = buildComposedClip(CUTS_OFF_THE_HALF_SECOND);
  const chunk = await analyseFaceChunk({ videoPath: video, startS: 0, endS: clipDuration(CUTS_OFF_THE_HALF_SECOND) });
  assert.deepEqual(chunk.cuts, [4, 9, 13]);
  for (const cut of chunk.cuts!)
    for (const track of chunk.tracks) {
      const times = track.observations.map((o) => o.t);
      assert.ok(times.every((t) => t < cut) || times.every((t) => t >= cut), `track ${track.id} (${times.join(' ')}) spans the cut before ${cut} s`);
    }
});

test('watching for cuts at 5 frames/s (the blur pass) reads the whole recording: ffmpeg may write the next picture before the cut frames a frame waits for', { skip: !hasSharedData && NEEDS_SHARED_DATA, timeout: 60_000 }, async () => {
  let frames = 0;
  let cuts = 0;
  for await (const frame of streamFrames({ videoPath: HAMILTON_CLIP, startS: 0, endS: 10, fps: 5, width: 640, detectCuts: true })) {
    frames++;
    if (frame.cutBefore) cuts++;
  }
  assert.equal(frames, 50);
  assert.equal(cuts, 3);
});
