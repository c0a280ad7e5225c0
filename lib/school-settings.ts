import { eq } from 'drizzle-orm';
import { getDb } from './db/client';
import { DEFAULT_SCHOOL_SETTINGS, lessons, schools, type SchoolSettings } from './db/schema';

export async function schoolSettingsOfLesson(lessonId: string): Promise<SchoolSettings> {
  const [row] = await getDb()
    .select({ settings: schools.settings })
    .from(lessons)
    .innerJoin(schools, eq(schools.id, lessons.schoolId))
    .where(eq(lessons.id, lessonId));
  return { ...DEFAULT_SCHOOL_SETTINGS, ...row?.settings };
}
