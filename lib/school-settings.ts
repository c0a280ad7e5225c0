import { getLesson, getSchool } from './db/queries';
import { DEFAULT_SCHOOL_SETTINGS, type SchoolSettings } from './db/schema';

export async function schoolSettingsOfLesson(lessonId: string): Promise<SchoolSettings> {
  const lesson = await getLesson(lessonId);
  const school = lesson ? await getSchool(lesson.schoolId) : null;
  return school?.settings ?? DEFAULT_SCHOOL_SETTINGS;
}
