import { nearestDistance } from './descriptors';
import { IDENTITY_THRESHOLD } from './people';
import type { Person } from './types';
import { roundTo } from '../../round';

/** A student's usable face templates (ready, made by today's model). */
export interface EnrolledStudent {
  studentId: string;
  descriptors: number[][];
}

export interface StudentPersonMatch {
  studentId: string;
  personId: string;
  distance: number;
}

/**
 * Which of a lesson's people are enrolled students: every (student, person)
 * pair nearer than the threshold, taken nearest first so a person is at most
 * one student and a student at most one person. The teacher is never a
 * student's match.
 */
export function matchEnrolledStudents(people: Person[], teacherPersonId: string | null, students: EnrolledStudent[], threshold = IDENTITY_THRESHOLD): StudentPersonMatch[] {
  const pairs: StudentPersonMatch[] = [];
  for (const student of students) {
    if (student.descriptors.length === 0) continue;
    for (const person of people) {
      if (!person.descriptor || person.id === teacherPersonId) continue;
      const distance = nearestDistance(person.descriptor, student.descriptors);
      if (distance < threshold) pairs.push({ studentId: student.studentId, personId: person.id, distance: roundTo(distance, 3) });
    }
  }
  pairs.sort((a, b) => a.distance - b.distance);
  const takenStudents = new Set<string>();
  const takenPeople = new Set<string>();
  const matches: StudentPersonMatch[] = [];
  for (const pair of pairs) {
    if (takenStudents.has(pair.studentId) || takenPeople.has(pair.personId)) continue;
    takenStudents.add(pair.studentId);
    takenPeople.add(pair.personId);
    matches.push(pair);
  }
  return matches;
}
