import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { analyseFaceChunk, cutFaceCrop, enrolDescriptors, faceTimelines, markTeacher, mergeFaceChunks, planChunks, probeVideo, teacherMouthOpenness } from '@/lib/analysis/face';
import { streamFrames } from '@/lib/analysis/face/frames';
import { buildFacelessVideo, buildSyntheticLesson, EXAMPLES, visibleSeconds } from './syntheticLesson';
import { SMALL_LESSON, SMALL_LESSON_PEOPLE, TEACHER_ENROLMENT } from './lessonSpecs';

const skip = !existsSync(EXAMPLES) && 'needs ../shared/data/faces/examples';

test('generated lesson in two chunks: right number of people, teacher identified, border does not split anyone', { skip }, async () => {
  const video = buildSyntheticLesson(SMALL_LESSON);
  const teacherDescriptors = await enrolDescriptors(TEACHER_ENROLMENT.map((p) => path.join(EXAMPLES, p)));
  const chunks = [];
  for (const c of planChunks(SMALL_LESSON.durationS, 12)) chunks.push(await analyseFaceChunk({ videoPath: video, ...c }));
  assert.equal(chunks[0].backend === 'wasm' || chunks[0].backend === 'tensorflow', true);
  assert.equal(chunks[0].framesAnalysed, 12);
  assert.ok(chunks[0].detectorFrames < chunks[0].framesAnalysed, 'the detector ran on every frame: tracking between passes is not used');

  // JSON round trip: chunk results are stored as jsonb between jobs.
  const stored = chunks.map((c) => JSON.parse(JSON.stringify(c)));
  const lesson = mergeFaceChunks(stored, { teacherDescriptors });
  assert.equal(lesson.people.length, SMALL_LESSON_PEOPLE, JSON.stringify(lesson.people.map((p) => [p.id, p.ranges, p.trackIds])));
  assert.equal(lesson.teacher.method, 'enrolled');
  assert.equal(lesson.teacher.confirmed, true);
  assert.equal(lesson.coverage, 1);
  // The confirmed teacher face lends its mouth readings (landmark frames) to the voice stage.
  const mouth = teacherMouthOpenness(lesson)!;
  assert.ok(mouth.length >= 3 && mouth.every((m) => m.open >= 0 && m.open < 1), JSON.stringify(mouth));

  // Faces on screen across the 12 s border came out as one person each, seen without a gap.
  for (const person of lesson.people) {
    const spansBorder = person.ranges.some(([a, b]) => a < 12 && b > 12);
    if (person.ranges[0][0] < 11 && person.ranges[person.ranges.length - 1][1] > 13) assert.ok(spansBorder, `${person.id} split at the border: ${JSON.stringify(person.ranges)}`);
  }

  // Without enrolment, the documented heuristic (largest, longest-visible, apart from the group) picks the same person, unconfirmed.
  const guessed = mergeFaceChunks(stored);
  assert.equal(guessed.teacher.method, 'heuristic');
  assert.equal(guessed.teacher.confirmed, false);
  assert.deepEqual(
    guessed.people.find((p) => p.id === guessed.teacher.personId)!.trackIds,
    lesson.people.find((p) => p.id === lesson.teacher.personId)!.trackIds,
  );

  const timelines = faceTimelines(lesson, lesson.teacher.personId);
  const teacherSeconds = visibleSeconds(SMALL_LESSON.faces[0], SMALL_LESSON.durationS);
  const identified = teacherSeconds.filter((s) => timelines.lesson.teacher[s] !== null).length;
  assert.ok(identified / teacherSeconds.length >= 0.95, `teacher identified on ${identified}/${teacherSeconds.length} visible seconds`);
  const falseTeacher = timelines.lesson.teacher.filter((e, s) => e !== null && !teacherSeconds.includes(s)).length;
  assert.equal(falseTeacher, 0);
  // Students: three seated all along, a fourth from 8 s.
  assert.equal(timelines.lesson.studentsVisible[2], 3);
  assert.equal(timelines.lesson.studentsVisible[20], 4);
  assert.equal(timelines.lesson.studentsReadable[20], 4);
  assert.equal(timelines.lesson.students[20]!.length, 7);

  // The teacher marks someone else as themselves: timelines re-derived from the stored result, no detection.
  const other = lesson.people.find((p) => p.id !== lesson.teacher.personId && p.ranges[0][0] === 0)!;
  const remarked = faceTimelines(markTeacher(lesson, other.id), other.id);
  assert.notEqual(remarked.lesson.teacher[20], null);
  assert.equal(remarked.lesson.studentsVisible[2], 3, 'previous teacher now counts as a student');

  // Representative crop of the teacher: a JPEG cut at the best frame.
  const teacher = lesson.people.find((p) => p.id === lesson.teacher.personId)!;
  const jpeg = await cutFaceCrop({ videoPath: video, timeS: teacher.best.t, box: teacher.best.box });
  assert.equal(jpeg[0], 0xff);
  assert.equal(jpeg[1], 0xd8);
  const [again] = await enrolDescriptors([jpeg]);
  assert.ok(again.length === 128, 'the crop shows a face the enrolment can read');
});

test('video with no faces completes with coverage 0 and a note', async () => {
  const video = buildFacelessVideo(6);
  const result = await analyseFaceChunk({ videoPath: video, startS: 0, endS: 6 });
  assert.equal(result.framesAnalysed, 6);
  assert.equal(result.tracks.length, 0);
  const lesson = mergeFaceChunks([result]);
  assert.equal(lesson.coverage, 0);
  assert.equal(lesson.note, 'no faces found');
  assert.equal(lesson.people.length, 0);
  assert.equal(lesson.teacher.personId, null);
  const timelines = faceTimelines(lesson, null);
  assert.equal(timelines.seconds, 6);
  assert.deepEqual(timelines.lesson.studentsVisible, [0, 0, 0, 0, 0, 0]);
});

test('audio-only file: stage skipped with a note', async () => {
  const file = path.join(os.tmpdir(), 'lessonlens-face-videos', 'audio-only.m4a');
  spawnSync('ffmpeg', ['-nostdin', '-v', 'error', '-y', '-f', 'lavfi', '-i', 'sine=f=440:d=2', '-c:a', 'aac', file]);
  const info = await probeVideo(file);
  assert.equal(info.hasVideo, false);
  const result = await analyseFaceChunk({ videoPath: file, startS: 0, endS: 2 });
  assert.equal(result.hasVideo, false);
  assert.match(result.note!, /no video stream/);
  assert.equal(mergeFaceChunks([result]).note, 'no video stream: face analysis skipped');
});

test('rotated phone video is decoded upright; variable frame rate is resampled to 1 frame/s', { skip }, async () => {
  const rotated = buildSyntheticLesson({
    width: 640, height: 360, durationS: 4, fps: 25, rotation: 90,
    faces: [{ name: 'sheldon', photos: ['sheldon2.png'], switchEveryS: 10, size: 150, x: 240, y: 100, fromS: 0, toS: 4 }],
  });
  const info = await probeVideo(rotated);
  assert.equal(Math.abs(info.rotation) % 180, 90);
  assert.deepEqual([info.width, info.height], [640, 360], 'display size is the upright picture');
  const result = await analyseFaceChunk({ videoPath: rotated, startS: 0, endS: 4 });
  assert.deepEqual([result.frameWidth, result.frameHeight], [640, 360]);
  assert.equal(result.tracks.length, 1);
  assert.equal(result.tracks[0].observations.length, 4);
  const pose = result.tracks[0].observations[0].pose!;
  assert.ok(Math.abs(pose[2]) < 20, `upright face, roll ${pose[2]}`);

  // VFR: frames 1–3 s dropped, timestamps kept (a phone pausing its encoder).
  const vfr = path.join(os.tmpdir(), 'lessonlens-face-videos', 'vfr.mp4');
  spawnSync('ffmpeg', ['-nostdin', '-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=s=320x240:r=30:d=6', '-vf', "select='not(between(t,1,3))'", '-fps_mode', 'vfr', '-c:v', 'libx264', '-preset', 'ultrafast', vfr]);
  const times: number[] = [];
  for await (const frame of streamFrames({ videoPath: vfr, startS: 0, endS: 6, fps: 1, width: 320 })) times.push(frame.timeS);
  assert.deepEqual(times, [0, 1, 2, 3, 4, 5]);
});
