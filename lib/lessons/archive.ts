import { and, asc, count, desc, eq, gte, ilike, lte, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { getDb } from '../db/client';
import { classes, LESSON_STATUSES, lessons, type ReportVersion } from '../db/schema';
import { selectLessons, type LessonSummary } from '../db/queries';
import { canViewLesson, hasRole, type Actor } from '../policy';
import { listReadyVersionsOf } from '../reports/versions';

/**
 * The archive: a teacher's own lessons, or the lessons shared with the
 * department a head leads, filtered, sorted, searched and paged in SQL, with
 * each lesson's stored report versions.
 */

export const ARCHIVE_PAGE_SIZE = 20;
export const ARCHIVE_SORTS = { 'date-desc': 'Newest first', 'date-asc': 'Oldest first', 'title-asc': 'Title A–Z', 'title-desc': 'Title Z–A' } as const;
export type ArchiveScope = 'mine' | 'shared';

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
/** Filters from the URL; anything malformed is dropped rather than refused. */
export const archiveFilters = z.object({
  scope: z.enum(['mine', 'shared']).optional().catch(undefined),
  classId: z.string().uuid().optional().catch(undefined),
  from: date.optional().catch(undefined),
  to: date.optional().catch(undefined),
  status: z.enum(LESSON_STATUSES).optional().catch(undefined),
  q: z.string().trim().max(200).optional().catch(undefined),
  sort: z.enum(Object.keys(ARCHIVE_SORTS) as [keyof typeof ARCHIVE_SORTS]).catch('date-desc').default('date-desc'),
  page: z.coerce.number().int().min(1).max(10_000).catch(1).default(1),
});
export type ArchiveFilters = z.infer<typeof archiveFilters>;

/** The archives this person has: their own lessons as a teacher, the shared ones as a department head. */
export function archiveScopes(actor: Actor): ArchiveScope[] {
  return [...(hasRole(actor, 'teacher') ? (['mine'] as const) : []), ...(hasRole(actor, 'department_head') && actor.departmentId ? (['shared'] as const) : [])];
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

export async function archivePage(
  actor: Actor,
  scope: ArchiveScope,
  filters: ArchiveFilters,
): Promise<{ lessons: LessonSummary[]; total: number; versions: Map<string, ReportVersion[]> }> {
  if (!archiveScopes(actor).includes(scope)) return { lessons: [], total: 0, versions: new Map() };
  const where: SQL[] = [eq(lessons.schoolId, actor.schoolId)];
  if (scope === 'mine') where.push(eq(lessons.teacherId, actor.id));
  else where.push(eq(classes.departmentId, actor.departmentId!), eq(lessons.sharedWithDepartment, true));
  if (filters.classId) where.push(eq(lessons.classId, filters.classId));
  if (filters.from) where.push(gte(lessons.taughtOn, filters.from));
  if (filters.to) where.push(lte(lessons.taughtOn, filters.to));
  if (filters.status) where.push(eq(lessons.status, filters.status));
  if (filters.q) where.push(ilike(lessons.title, `%${escapeLike(filters.q)}%`));
  const order = {
    'date-desc': [desc(lessons.taughtOn), desc(lessons.createdAt)],
    'date-asc': [asc(lessons.taughtOn), asc(lessons.createdAt)],
    'title-asc': [asc(lessons.title), desc(lessons.taughtOn)],
    'title-desc': [desc(lessons.title), desc(lessons.taughtOn)],
  }[filters.sort];

  const [rows, [{ total }]] = await Promise.all([
    selectLessons()
      .where(and(...where))
      .orderBy(...order)
      .limit(ARCHIVE_PAGE_SIZE)
      .offset((filters.page - 1) * ARCHIVE_PAGE_SIZE),
    getDb()
      .select({ total: count() })
      .from(lessons)
      .innerJoin(classes, eq(classes.id, lessons.classId))
      .where(and(...where)),
  ]);
  // The query already keeps to what the actor may see; the policy has the last word all the same.
  const visible = rows.filter((lesson) => canViewLesson(actor, lesson));
  return { lessons: visible, total, versions: await listReadyVersionsOf(visible.map((l) => l.id)) };
}

/** The classes to filter by: the teacher's own, or those of the head's department. */
export async function archiveClasses(actor: Actor, scope: ArchiveScope): Promise<{ id: string; name: string }[]> {
  if (!archiveScopes(actor).includes(scope)) return [];
  const db = getDb();
  const where = scope === 'mine' ? eq(classes.teacherId, actor.id) : eq(classes.departmentId, actor.departmentId!);
  return db.select({ id: classes.id, name: classes.name }).from(classes).where(and(eq(classes.schoolId, actor.schoolId), where)).orderBy(asc(classes.name));
}
