import type { Role } from './roles';

/**
 * The one place that decides who may do what. Pages, route handlers and server
 * actions load the actor and the resource, then ask these functions; a "no"
 * is shown as 404 so that ids cannot be probed.
 */
export type Actor = {
  id: string;
  schoolId: string;
  name: string;
  email: string;
  roles: Role[];
  /** The department this person heads, if any. */
  departmentId: string | null;
};

export type LessonFacts = {
  schoolId: string;
  teacherId: string;
  departmentId: string;
  sharedWithDepartment: boolean;
};

export type ClassFacts = { schoolId: string; teacherId: string; departmentId: string };

export function hasRole(actor: Actor, role: Role): boolean {
  return actor.roles.includes(role);
}

function headsDepartment(actor: Actor, schoolId: string, departmentId: string): boolean {
  return actor.schoolId === schoolId && hasRole(actor, 'department_head') && actor.departmentId === departmentId;
}

/** Seeing a lesson and its analysis: its teacher, or the head of its department once the teacher shares it. Admins manage the school, not lesson media. */
export function canViewLesson(actor: Actor, lesson: LessonFacts): boolean {
  if (actor.schoolId !== lesson.schoolId) return false;
  if (actor.id === lesson.teacherId) return true;
  return lesson.sharedWithDepartment && headsDepartment(actor, lesson.schoolId, lesson.departmentId);
}

/** Uploading, re-running, cancelling, sharing: only the lesson's own teacher. */
export function canChangeLesson(actor: Actor, lesson: LessonFacts): boolean {
  return actor.schoolId === lesson.schoolId && actor.id === lesson.teacherId && hasRole(actor, 'teacher');
}

export function canViewClass(actor: Actor, cls: ClassFacts): boolean {
  if (actor.schoolId !== cls.schoolId) return false;
  if (actor.id === cls.teacherId) return true;
  if (hasRole(actor, 'admin')) return true;
  return headsDepartment(actor, cls.schoolId, cls.departmentId);
}

export function canCreateLessonIn(actor: Actor, cls: ClassFacts): boolean {
  return actor.schoolId === cls.schoolId && actor.id === cls.teacherId && hasRole(actor, 'teacher');
}

export function canManageSchool(actor: Actor, schoolId: string): boolean {
  return actor.schoolId === schoolId && hasRole(actor, 'admin');
}

/** Teachers may enrol their own reference face photos and voice sample. */
export function canEnrolSelf(actor: Actor): boolean {
  return hasRole(actor, 'teacher');
}

/** The school's privacy notice: every member of the school (it is written for students and parents). */
export function canReadPrivacyNotice(actor: Actor, schoolId: string): boolean {
  return actor.schoolId === schoolId;
}

/** A department's trends (aggregates over its shared lessons): the head of that department only. */
export function canViewDepartmentTrends(actor: Actor, department: { schoolId: string; departmentId: string }): boolean {
  return headsDepartment(actor, department.schoolId, department.departmentId);
}

/** The consent state of a class's students: the class's teacher and the school's admins (not heads: they see aggregates). */
export function canViewConsent(actor: Actor, cls: ClassFacts): boolean {
  if (actor.schoolId !== cls.schoolId) return false;
  return hasRole(actor, 'admin') || (actor.id === cls.teacherId && hasRole(actor, 'teacher'));
}

/**
 * Recording a consent decision for a student of a class: admins record any;
 * the class's teacher only decisions that protect the student (an opt-out,
 * or a withdrawal of consent), so a consent always comes through the school.
 */
export function canRecordConsent(actor: Actor, cls: ClassFacts, protective: boolean): boolean {
  if (actor.schoolId !== cls.schoolId) return false;
  if (hasRole(actor, 'admin')) return true;
  return protective && actor.id === cls.teacherId && hasRole(actor, 'teacher');
}

/** A student's own summary (/me): the student themself, and only where the school has student summaries on. */
/**
 * Which people on a lesson's people list are consented students: only the lesson's own teacher sees it (not the
 * department head), as far as the school's setting goes — off, marked, or marked with the student's name — and
 * only while students' own summaries (for which the matches are made) are on.
 */
export function consentedStudentMarkerFor<M extends string>(actor: Actor, lesson: LessonFacts, settings: { studentSummaries: boolean; consentedStudentMarker: M }): M | 'off' {
  return settings.studentSummaries && canChangeLesson(actor, lesson) ? settings.consentedStudentMarker : 'off';
}

export function canSeeOwnSummary(actor: Actor, settings: { studentSummaries: boolean }): boolean {
  return hasRole(actor, 'student') && settings.studentSummaries;
}

/** A student's face photo for their summary: only with both consents in force (face template, personal summary). */
export function canEnrolFaceForSummary(actor: Actor, settings: { studentSummaries: boolean }, consented: boolean): boolean {
  return canSeeOwnSummary(actor, settings) && consented;
}
