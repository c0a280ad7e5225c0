import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BlurPlan, blurRegion } from '../../lib/analysis/blur';
import { splitTeacherSightings } from '../../lib/analysis/blur/teacher-tracks';
import { dropExcludedTracks, withoutPerson } from '../../lib/analysis/face/exclusion';
import { mergeFaceChunks } from '../../lib/analysis/face/merge';
import { keepTeacherTracks } from '../../lib/analysis/face/teacher-only';
import { faceTimelines } from '../../lib/analysis/face/timelines';
import { chunk, descriptor, track } from '../helpers/analysis-builders';

const teacherAt = [0.4, 0.1, 0.2, 0.3] as [number, number, number, number];
const lesson = () => [chunk(0, 10, [track('t', 0, 9, teacherAt, 0), track('a', 0, 9, [0.05, 0.5, 0.1, 0.15], 1), track('b', 2, 5, [0.7, 0.5, 0.1, 0.15], 2)])];

test('teacher-only analysis: only the enrolled teacher’s tracks leave the face stage, other faces as counts (or not at all), and the merge keeps only them', () => {
  const [raw] = lesson();
  const counted = keepTeacherTracks(raw, 'count-only', [descriptor(0)]);
  assert.deepEqual(counted.tracks.map((t) => t.id), ['t']);
  assert.deepEqual(counted.teacherOnly!.counts.slice(0, 3), [[0, 1], [1, 1], [2, 2]]);
  assert.ok(!JSON.stringify(counted).includes(JSON.stringify(descriptor(1, 0.1))), 'no student descriptor is stored');
  assert.deepEqual(keepTeacherTracks(raw, 'off', [descriptor(0)]).teacherOnly, { reading: 'off', counts: [] });
  assert.deepEqual(keepTeacherTracks(raw, 'count-only', []).tracks, [], 'without reference photos no face is known to be the teacher’s');

  const merged = mergeFaceChunks([counted], { teacherDescriptors: [descriptor(0)], studentFaceReading: 'count-only' });
  assert.deepEqual(merged.people.map((p) => p.trackIds), [['t']]);
  assert.equal(merged.teacher.method, 'enrolled');
  const timelines = faceTimelines(merged, merged.teacher.personId);
  assert.deepEqual(timelines.lesson.studentsVisible, [1, 1, 2, 2, 2, 2, 1, 1, 1, 1]);
  assert.ok(timelines.lesson.students.every((s) => s === null), 'no student expression');
  assert.notEqual(timelines.lesson.teacher[3], null);

  // Never the heuristic guess: without reference photos nobody is kept, the counts are.
  const unknown = mergeFaceChunks([keepTeacherTracks(raw, 'count-only', [])], { studentFaceReading: 'count-only' });
  assert.deepEqual([unknown.people, unknown.tracks, unknown.teacher.personId], [[], [], null]);
  assert.match(unknown.teacher.explanation, /without reference photos/);
  assert.equal(faceTimelines(unknown, null).lesson.studentsVisible[3], 3);
  assert.equal(unknown.note, undefined, 'faces were seen, so not "no faces found"');
  // Tracks the face stage let through by mistake are still dropped at the merge ('off': not even counted).
  const off = mergeFaceChunks(lesson(), { teacherDescriptors: [descriptor(0)], studentFaceReading: 'off' });
  assert.deepEqual(off.tracks.map((t) => t.id), ['t']);
  assert.deepEqual(faceTimelines(off, off.teacher.personId).lesson.studentsVisible, Array(10).fill(0));
});

test('exclusion: the person leaves the lesson with their tracks, and a re-run of the same recording leaves them out by where they were', () => {
  const merged = mergeFaceChunks(lesson(), { teacherDescriptors: [descriptor(0)] });
  const b = merged.people.find((p) => p.trackIds.includes('b'))!;
  const before = faceTimelines(merged, merged.teacher.personId).lesson.studentsVisible;
  const { faces, positions } = withoutPerson(merged, b.id);
  assert.equal(positions.length, 4);
  assert.ok(positions.every((p) => Object.keys(p).join() === 't,box'), 'positions only, nothing biometric');
  assert.ok(!faces.people.some((p) => p.id === b.id));
  assert.deepEqual(faces.people.map((p) => p.id), merged.people.filter((p) => p !== b).map((p) => p.id), 'the others keep their ids');
  const after = faceTimelines(faces, faces.teacher.personId).lesson.studentsVisible;
  assert.deepEqual(before.map((n, s) => n - after[s]), [0, 0, 1, 1, 1, 1, 0, 0, 0, 0]);
  assert.throws(() => withoutPerson(merged, merged.teacher.personId!), /is the teacher/);

  const rerun = mergeFaceChunks(lesson(), { teacherDescriptors: [descriptor(0)], excluded: positions });
  assert.deepEqual(rerun.tracks.map((t) => t.id).sort(), ['a', 't']);
  assert.deepEqual(dropExcludedTracks(lesson()[0].tracks, []).length, 3);
});

test('blur plan: regions bridge sightings, are held before and after, grow by the margin; the teacher’s sightings are split off by shot and nearness', () => {
  const r2 = (boxes: number[][]) => boxes.map((b) => b.map((v) => Math.round(v * 100) / 100));
  const plan = new BlurPlan([[{ t: 1, box: [0.1, 0.1, 0.1, 0.1] }, { t: 1.2, box: [0.2, 0.1, 0.1, 0.1] }, { t: 3, box: [0.5, 0.5, 0.1, 0.1] }]], { margin: 0, holdS: 0.5, maxGapS: 0.5 });
  assert.deepEqual(plan.regionsAt(0.4), []);
  assert.deepEqual(r2(plan.regionsAt(0.6)), [[0.1, 0.1, 0.1, 0.1]], 'held before the first sighting');
  assert.deepEqual(r2(plan.regionsAt(1.1)), [[0.1, 0.1, 0.2, 0.1]], 'both boxes between two sightings');
  assert.deepEqual(plan.regionsAt(2), [], 'a gap longer than maxGap is not bridged');
  assert.deepEqual(r2(plan.regionsAt(2.6)), [[0.5, 0.5, 0.1, 0.1]]);
  const grown = new BlurPlan([[{ t: 0, box: [0.4, 0.4, 0.2, 0.2] }]]).regionsAt(0)[0];
  assert.ok(grown[2] > 0.3 && grown[0] < 0.4, `grown by the margin: ${grown}`);
  // A hold stops at a cut (the place shows another shot), but covers the sample interval in which the cut happened.
  const cut = new BlurPlan([[{ t: 2, box: [0.1, 0.1, 0.1, 0.1] }, { t: 2.2, box: [0.1, 0.1, 0.1, 0.1] }]], { margin: 0, holdS: 0.5, maxGapS: 0.5, cuts: [2, 2.4], sampleS: 0.2 });
  assert.deepEqual([1.7, 1.85, 2.1, 2.35, 2.45].map((t) => cut.regionsAt(t).length), [0, 1, 1, 1, 0]);

  // A follower carried one track from the teacher onto a student across a cut at 6 s: only the teacher's sightings stay unblurred.
  const carried = track('x', 3, 8, teacherAt, null);
  carried.observations = carried.observations.map((o) => (o.t >= 6 ? { ...o, box: [0.45, 0.15, 0.2, 0.3] } : o));
  const split = splitTeacherSightings([carried], [[3, 4, 5].map((t) => ({ t, box: teacherAt }))], { analysedFps: 1, cuts: [6] });
  assert.deepEqual(split.teacher.flat().map((s) => s.t), [3, 4, 5]);
  assert.deepEqual(split.others.flat().map((s) => s.t), [6, 7, 8]);
  // Of two faces near the teacher's place, only the nearer one is theirs.
  const beside = track('y', 3, 5, [0.5, 0.1, 0.2, 0.3], null);
  const two = splitTeacherSightings([track('z', 3, 5, teacherAt, null), beside], [[3, 4, 5].map((t) => ({ t, box: teacherAt }))], { analysedFps: 1, cuts: [] });
  assert.deepEqual([two.teacher.length, two.others.flat().length], [1, 3]);
});

test('mosaic: the region loses its detail, the rest of the frame is untouched', () => {
  const width = 64;
  const height = 48;
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.fill((x + y) % 2 ? 255 : 0, (y * width + x) * 3, (y * width + x) * 3 + 3);
  const original = data.slice();
  blurRegion(data, width, height, [10, 10, 30, 24]);
  const detail = (d: Uint8Array, x0: number, y0: number, x1: number, y1: number) => {
    let sum = 0;
    for (let y = y0; y < y1; y++) for (let x = x0; x < x1 - 1; x++) sum += Math.abs(d[(y * width + x + 1) * 3] - d[(y * width + x) * 3]);
    return sum;
  };
  assert.ok(detail(data, 10, 10, 40, 34) < 0.05 * detail(original, 10, 10, 40, 34));
  for (let i = 0; i < data.length; i += 3) {
    const x = (i / 3) % width;
    const y = Math.floor(i / 3 / width);
    if (x < 10 || x >= 40 || y < 10 || y >= 34) assert.equal(data[i], original[i]);
  }
});
