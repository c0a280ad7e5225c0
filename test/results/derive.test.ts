import assert from 'node:assert/strict';
import { test } from 'node:test';
import { markTeacher, mergeFaceChunks } from '../../lib/analysis/face/merge';
import { deriveResults } from '../../lib/results/derive';
import { chunk, HAPPY, piece, SAD, track, voicesOf } from '../helpers/analysis-builders';

/** 20 s: the teacher (big face, SAD) all lesson and three seated students (HAPPY); the teacher speaks 0–4 s, a student 12–14 s. */
function lesson() {
  const teacher = track('0s-1', 0, 19, [0.05, 0.05, 0.2, 0.35], 0, SAD);
  teacher.observations.forEach((o) => (o.sizePx = 200));
  const students = [1, 2, 3].map((axis) => track(`0s-${axis + 1}`, 0, 19, [0.5 + axis * 0.08, 0.7, 0.06, 0.1], axis));
  const faces = mergeFaceChunks([chunk(0, 20, [teacher, ...students])]);
  const voices = voicesOf([piece(0, 0, 4), piece(1, 12, 14)], 20);
  return { durationS: 20, faces, voices };
}

test('per-second rows: the teacher’s and the students’ faces and voices, second by second', () => {
  const analysis = lesson();
  const { seconds, people, summary } = deriveResults(analysis);
  assert.deepEqual(seconds.map((s) => s.t), Array.from({ length: 20 }, (_, t) => t));
  assert.deepEqual(seconds[3].teacherFace, SAD);
  assert.deepEqual(seconds[3].studentsFace, HAPPY);
  assert.equal(seconds[3].studentFacesVisible, 3);
  assert.equal(seconds[3].studentFacesReadable, 3);
  assert.equal(seconds[1].speech, 'teacher');
  assert.equal(seconds[12].speech, 'student');
  assert.equal(seconds[8].speech, 'none');
  assert.deepEqual(seconds[1].teacherVoice, [1, 0, 0, 0, 0, 0, 0]);
  assert.equal(seconds[1].teacherVoiceConfidence, 1);
  assert.equal(seconds[1].studentsVoice, null);
  assert.deepEqual(seconds[13].studentsVoice, [1, 0, 0, 0, 0, 0, 0]);
  assert.equal(seconds[13].teacherVoice, null);

  assert.equal(people.length, 4);
  const teacher = people.find((p) => p.role === 'teacher')!;
  assert.equal(teacher.personKey, analysis.faces.teacher.personId);
  assert.equal(teacher.visibleSeconds, 20);
  assert.equal(teacher.timeline.visible.length, 20);
  assert.deepEqual(teacher.timeline.expressions[5], SAD);
  assert.equal(summary.faces?.people, 4);
  assert.equal(summary.faces?.teacherPersonKey, teacher.personKey);
  assert.equal(summary.voices?.talk.teacherTalkPct, 20);
  assert.equal(summary.voices?.talk.studentTalkPct, 10);
});

test('a relabelled teacher re-derives the rows without any model', () => {
  const analysis = lesson();
  const student = analysis.faces.people.find((p) => p.id !== analysis.faces.teacher.personId)!;
  const { seconds, people } = deriveResults({ ...analysis, faces: markTeacher(analysis.faces, student.id) });
  assert.equal(people.find((p) => p.role === 'teacher')?.personKey, student.id);
  assert.deepEqual(seconds[3].teacherFace, HAPPY, 'the new teacher’s face');
  assert.equal(seconds[3].studentFacesVisible, 3, 'the former teacher is now a student');
});

test('without picture and sound: one row per started second, nothing read', () => {
  const { seconds, people, summary } = deriveResults({ durationS: 3.5, faces: null, voices: null });
  assert.equal(seconds.length, 4);
  assert.ok(seconds.every((s) => s.teacherFace === null && s.studentsFace === null && s.studentFacesVisible === 0 && s.speech === null && s.teacherVoice === null));
  assert.deepEqual(people, []);
  assert.deepEqual(summary, {});
});
