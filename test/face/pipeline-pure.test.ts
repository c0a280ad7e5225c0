import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planChunks } from '@/lib/analysis/chunks';
import { assignGreedy, continuity, iou } from '@/lib/analysis/face/boxes';
import { headPose, frontalness } from '@/lib/analysis/face/headPose';
import { clusterTracks, joinChunkTracks } from '@/lib/analysis/face/people';
import { mergeFaceChunks, markTeacher } from '@/lib/analysis/face/merge';
import { faceTimelines } from '@/lib/analysis/face/timelines';
import { chunk, descriptor, HAPPY, SAD, track } from '../helpers/analysis-builders';

test('planChunks covers the lesson without gaps and folds a short tail into the last chunk', () => {
  assert.deepEqual(planChunks(2700, 300).length, 9);
  assert.deepEqual(planChunks(650, 300), [{ startS: 0, endS: 300 }, { startS: 300, endS: 650 }]);
  assert.deepEqual(planChunks(700, 300), [{ startS: 0, endS: 300 }, { startS: 300, endS: 600 }, { startS: 600, endS: 700 }]);
  assert.deepEqual(planChunks(0, 300), []);
});

test('box continuity: overlapping or nearby same-size boxes continue, far or very different ones do not', () => {
  assert.ok(iou([0, 0, 10, 10], [5, 0, 10, 10]) > 0.3);
  assert.equal(iou([0, 0, 10, 10], [20, 0, 10, 10]), 0);
  assert.ok(continuity([0, 0, 10, 10], [12, 0, 10, 10]) === 0);
  assert.ok(continuity([0, 0, 10, 10], [2, 0, 10, 10]) > 0.5);
  assert.ok(continuity([0, 0, 10, 10], [4, 3, 10, 10]) > 0.1);
  assert.equal(continuity([0, 0, 10, 10], [9, 1, 10, 10]), 0);
  assert.equal(continuity([0, 0, 10, 10], [1, 1, 30, 30]), 0);
  assert.deepEqual(assignGreedy([[0.9, 0.8], [0.85, 0]]), [[0, 0]]);
  assert.deepEqual(assignGreedy([[0.9, 0.8], [0.95, 0]]).sort(), [[0, 1], [1, 0]]);
});

test('head pose: level frontal face ≈ 0°, tilted eyes give roll, nose off-centre gives yaw', () => {
  // Minimal 68-point layout: jaw 0..16, nose tip 30, eyes 36..47, mouth corners 48/54.
  const face = (noseX: number, tilt: number) => {
    const p: Array<[number, number]> = Array.from({ length: 68 }, () => [50, 50]);
    p[0] = [0, 40];
    p[16] = [100, 40];
    for (let i = 36; i < 42; i++) p[i] = [30, 40 - tilt];
    for (let i = 42; i < 48; i++) p[i] = [70, 40 + tilt];
    p[30] = [noseX, 40 + 0.58 * 40];
    p[48] = [35, 80];
    p[54] = [65, 80];
    return p;
  };
  const frontal = headPose(face(50, 0));
  assert.ok(Math.abs(frontal.yaw) < 1 && Math.abs(frontal.pitch) < 1 && Math.abs(frontal.roll) < 1);
  assert.ok(frontalness(frontal) > 0.99);
  const turned = headPose(face(80, 0));
  assert.ok(turned.yaw > 30, `yaw ${turned.yaw}`);
  assert.ok(frontalness(turned) < 0.85);
  assert.ok(headPose(face(50, 10)).roll > 20);
});

test('clustering joins tracks of one face and never two faces seen in the same frame', () => {
  const a1 = track('a1', 0, 9, [0.1, 0.1, 0.1, 0.2], 0);
  const a2 = track('a2', 20, 29, [0.5, 0.1, 0.1, 0.2], 0);
  const b = track('b', 0, 29, [0.7, 0.5, 0.1, 0.2], 1);
  // Same descriptor as a, but on screen together with a1: must stay apart.
  const twin = track('twin', 5, 7, [0.3, 0.5, 0.1, 0.2], 0);
  const tiny = track('tiny', 0, 5, [0.9, 0.9, 0.02, 0.03], null);
  const clusters = clusterTracks([a1, a2, b, twin, tiny]).map((c) => c.map((t) => t.id).sort().join(','));
  // Tracks without a descriptor (never readable) are not clustered into people.
  assert.deepEqual(clusters.sort(), ['a1,a2', 'b', 'twin']);
});

test('a chunk border does not split a face that stays in place; a different face at the same place is not joined', () => {
  const left = chunk(0, 10, [track('0s-1', 0, 9, [0.1, 0.1, 0.1, 0.2], 0), track('0s-2', 0, 9, [0.6, 0.1, 0.1, 0.2], 1)]);
  const right = chunk(10, 20, [track('10s-1', 10, 19, [0.1, 0.1, 0.1, 0.2], 0), track('10s-2', 10, 19, [0.6, 0.1, 0.1, 0.2], 2)]);
  const joined = joinChunkTracks([right, left]);
  assert.deepEqual(joined.map((t) => `${t.id}:${t.startS}-${t.endS}`).sort(), ['0s-1:0-19', '0s-2:0-9', '10s-2:10-19']);
  assert.equal(joined.find((t) => t.id === '0s-1')!.observations.length, 20);
});

test('merge, teacher heuristic, then re-deriving timelines when the teacher marks another person', () => {
  // Person on axis 0: big, alone, visible all lesson; three small seated faces in a row.
  const teacherTrack = track('0s-1', 0, 19, [0.05, 0.05, 0.2, 0.35], 0, SAD);
  teacherTrack.observations.forEach((o) => (o.sizePx = 200));
  const students = [1, 2, 3].map((axis) => track(`0s-${axis + 1}`, 0, 19, [0.5 + axis * 0.08, 0.7, 0.06, 0.1], axis));
  const unreadable = track('0s-9', 5, 9, [0.95, 0.9, 0.02, 0.03], null);
  unreadable.observations.forEach((o) => {
    o.expressions = null;
    o.quality = 0;
  });
  const lesson = mergeFaceChunks([chunk(0, 20, [teacherTrack, ...students, unreadable])]);
  assert.equal(lesson.people.length, 4);
  assert.equal(lesson.coverage, 1);
  assert.equal(lesson.teacher.method, 'heuristic');
  assert.equal(lesson.teacher.confirmed, false);
  const teacherId = lesson.teacher.personId!;
  assert.deepEqual(lesson.people.find((p) => p.id === teacherId)!.trackIds, ['0s-1']);

  const timelines = faceTimelines(lesson, teacherId);
  assert.equal(timelines.seconds, 20);
  assert.deepEqual(timelines.lesson.teacher[3], SAD);
  assert.deepEqual(timelines.lesson.students[3], HAPPY);
  assert.equal(timelines.lesson.studentsVisible[6], 4);
  assert.equal(timelines.lesson.studentsReadable[6], 3);
  assert.equal(timelines.lesson.studentsVisible[12], 3);

  const student = lesson.people.find((p) => p.id !== teacherId)!;
  const marked = markTeacher(lesson, student.id);
  assert.equal(marked.teacher.method, 'teacher-marked');
  assert.equal(marked.teacher.confirmed, true);
  const again = faceTimelines(marked, student.id);
  assert.deepEqual(again.lesson.teacher[3], HAPPY);
  // Students now include the sad face: mean of one sad and two happy faces.
  assert.ok(Math.abs(again.lesson.students[3]![2] - 1 / 3) < 1e-3);
  assert.equal(again.people.find((p) => p.personId === student.id)!.role, 'teacher');
});

test('enrolled teacher descriptors pick the matching person; a stranger enrolment falls back to an unconfirmed guess', () => {
  const tracks = [track('0s-1', 0, 9, [0.1, 0.1, 0.1, 0.2], 0), track('0s-2', 0, 9, [0.5, 0.1, 0.3, 0.5], 1)];
  const enrolled = mergeFaceChunks([chunk(0, 10, tracks)], { teacherDescriptors: [descriptor(0)] });
  assert.equal(enrolled.teacher.method, 'enrolled');
  assert.deepEqual(enrolled.people.find((p) => p.id === enrolled.teacher.personId)!.trackIds, ['0s-1']);
  const stranger = mergeFaceChunks([chunk(0, 10, tracks)], { teacherDescriptors: [descriptor(5)] });
  assert.equal(stranger.teacher.method, 'heuristic');
  assert.match(stranger.teacher.explanation, /enrolled teacher not found/);
});
