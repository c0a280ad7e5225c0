import { getClass, getDepartment, getLesson, type ClassSummary, type LessonSummary } from './db/queries';
import { canChangeLesson, canCreateLessonIn, canManageSchool, canViewClass, canViewDepartmentTrends, canViewLesson, type Actor } from './policy';

/**
 * Loads a resource for an actor and asks the policy; null means "not found"
 * whether the row is missing or the actor may not see it.
 */
export async function lessonFor(actor: Actor | null, lessonId: string, need: 'view' | 'change'): Promise<LessonSummary | null> {
  if (!actor) return null;
  const lesson = await getLesson(lessonId);
  if (!lesson) return null;
  return (need === 'view' ? canViewLesson : canChangeLesson)(actor, lesson) ? lesson : null;
}

export async function classFor(actor: Actor | null, classId: string, need: 'view' | 'add-lesson'): Promise<ClassSummary | null> {
  if (!actor) return null;
  const cls = await getClass(classId);
  if (!cls) return null;
  return (need === 'view' ? canViewClass : canCreateLessonIn)(actor, cls) ? cls : null;
}

export function isAdmin(actor: Actor | null): actor is Actor {
  return !!actor && canManageSchool(actor, actor.schoolId);
}

/** A department whose trends the actor may see (null: missing, or not theirs to see). */
export async function departmentTrendsFor(actor: Actor | null, departmentId: string | null) {
  if (!actor || !departmentId) return null;
  const department = await getDepartment(departmentId);
  if (!department) return null;
  return canViewDepartmentTrends(actor, { schoolId: department.schoolId, departmentId: department.id }) ? department : null;
}
