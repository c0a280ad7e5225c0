import assert from 'node:assert/strict';
import { test } from 'node:test';
import { matchEnrolledStudents } from '../../lib/analysis/face/students';
import type { Person } from '../../lib/analysis/face/types';

const unit = (i: number, lean = 0) => Array.from({ length: 128 }, (_, k) => (k === i ? 1 : k === (i + 1) % 128 ? lean : 0));
const person = (id: string, descriptor: number[] | null): Person => ({ id, trackIds: [id], descriptor, visibleS: 10, ranges: [[0, 10]], medianSizePx: 90, best: { t: 0, box: [0, 0, 0.1, 0.1], quality: 1 } });

test('students are matched nearest first, one person each, never the teacher, never beyond the threshold', () => {
  const people = [person('P1', unit(0)), person('P2', unit(1, 0.3)), person('P3', unit(2)), person('P4', null)];
  const matches = matchEnrolledStudents(people, 'P1', [
    { studentId: 'teacher-look-alike', descriptors: [unit(0)] },
    { studentId: 'ava', descriptors: [unit(1)] },
    { studentId: 'ava-twin', descriptors: [unit(1, 0.1)] },
    { studentId: 'stranger', descriptors: [unit(50)] },
    { studentId: 'no-photo', descriptors: [] },
  ]);
  // ava-twin is nearer P2 (0.2) than ava (0.3): P2 is the twin's, and ava has no other person near enough.
  assert.deepEqual(matches, [{ studentId: 'ava-twin', personId: 'P2', distance: 0.2 }]);
  assert.deepEqual(matchEnrolledStudents(people, null, [{ studentId: 'teacher-look-alike', descriptors: [unit(0)] }]).map((m) => m.personId), ['P1'], 'without a teacher, P1 is anyone');
});
