import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Actor, ClassFacts, LessonFacts } from '../policy';
import type { Role } from '../roles';
import { getDb } from './client';
import {
  analysisRuns,
  classes,
  departments,
  enrolments,
  faceTemplates,
  lessonPeople,
  lessonSeconds,
  lessons,
  mediaAssets,
  oneTimeTokens,
  runStages,
  signInAttempts,
  schools,
  users,
  voiceTemplates,
  DEFAULT_SCHOOL_SETTINGS,
  type SchoolSettings,
} from './schema';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids arrive from URLs: anything that is not a UUID cannot name a row. */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** Lesson-local person keys are P1, P2, …; anything else (a NUL byte included) names no one. */
export function isPersonKey(value: string): boolean {
  return /^P\d{1,6}$/.test(value);
}

export async function findUserByEmail(email: string) {
  const [user] = await getDb()
    .select()
    .from(users)
    .where(sql`lower(${users.email}) = ${email.toLowerCase()}`);
  return user ?? null;
}

/** The person behind a session; null when they are gone, disabled, or their sessions from before `signedInAt` were ended (a password reset). */
export async function findActor(id: string, session?: { signedInAt: number }): Promise<Actor | null> {
  if (!isUuid(id)) return null;
  const [user] = await getDb().select().from(users).where(eq(users.id, id));
  if (!user || user.disabledAt || !user.passwordHash) return null;
  if (session && user.sessionsValidFrom && session.signedInAt < user.sessionsValidFrom.getTime()) return null;
  return {
    id: user.id,
    schoolId: user.schoolId,
    name: user.name,
    email: user.email,
    roles: user.roles,
    departmentId: user.departmentId,
  };
}

export async function getSchool(id: string) {
  const [school] = await getDb().select().from(schools).where(eq(schools.id, id));
  return school ? { ...school, settings: { ...DEFAULT_SCHOOL_SETTINGS, ...school.settings } } : null;
}

/** The settings of the school a lesson belongs to, defaults filled in (the defaults alone when the lesson is gone). */
export async function getSchoolSettingsOfLesson(lessonId: string): Promise<SchoolSettings> {
  const [row] = await getDb().select({ settings: schools.settings }).from(lessons).innerJoin(schools, eq(schools.id, lessons.schoolId)).where(eq(lessons.id, lessonId));
  return { ...DEFAULT_SCHOOL_SETTINGS, ...row?.settings };
}

export async function saveSchoolSettings(schoolId: string, changes: Partial<SchoolSettings>) {
  const school = await getSchool(schoolId);
  if (!school) return;
  await getDb().update(schools).set({ settings: { ...school.settings, ...changes } }).where(eq(schools.id, schoolId));
}

// ── Classes ────────────────────────────────────────────────────────────────

const classColumns = {
  id: classes.id,
  name: classes.name,
  subject: classes.subject,
  schoolId: classes.schoolId,
  teacherId: classes.teacherId,
  departmentId: classes.departmentId,
  departmentName: departments.name,
  teacherName: users.name,
};

export type ClassSummary = ClassFacts & { id: string; name: string; subject: string; departmentName: string; teacherName: string };

function selectClasses() {
  return getDb()
    .select(classColumns)
    .from(classes)
    .innerJoin(departments, eq(departments.id, classes.departmentId))
    .innerJoin(users, eq(users.id, classes.teacherId));
}

export async function getClass(id: string): Promise<ClassSummary | null> {
  if (!isUuid(id)) return null;
  const [row] = await selectClasses().where(eq(classes.id, id));
  return row ?? null;
}

export function listClassesOfTeacher(teacherId: string): Promise<ClassSummary[]> {
  return selectClasses().where(eq(classes.teacherId, teacherId)).orderBy(asc(classes.name));
}

export function listClassesOfSchool(schoolId: string): Promise<ClassSummary[]> {
  return selectClasses().where(eq(classes.schoolId, schoolId)).orderBy(asc(departments.name), asc(classes.name));
}

export async function listStudentsOfClass(classId: string) {
  return getDb()
    .select({ id: users.id, name: users.name, email: users.email })
    .from(enrolments)
    .innerJoin(users, eq(users.id, enrolments.studentId))
    .where(eq(enrolments.classId, classId))
    .orderBy(asc(users.name));
}

export async function isEnrolled(classId: string, studentId: string): Promise<boolean> {
  if (!isUuid(studentId)) return false;
  const [row] = await getDb()
    .select({ studentId: enrolments.studentId })
    .from(enrolments)
    .where(and(eq(enrolments.classId, classId), eq(enrolments.studentId, studentId)));
  return !!row;
}

export async function countStudentsByClass(classIds: string[]): Promise<Map<string, number>> {
  if (classIds.length === 0) return new Map();
  const rows = await getDb()
    .select({ classId: enrolments.classId, n: sql<number>`count(*)::int` })
    .from(enrolments)
    .where(inArray(enrolments.classId, classIds))
    .groupBy(enrolments.classId);
  return new Map(rows.map((r) => [r.classId, r.n]));
}

// ── Lessons ────────────────────────────────────────────────────────────────

const lessonColumns = {
  id: lessons.id,
  title: lessons.title,
  taughtOn: lessons.taughtOn,
  status: lessons.status,
  schoolId: lessons.schoolId,
  teacherId: lessons.teacherId,
  classId: lessons.classId,
  className: classes.name,
  subject: classes.subject,
  departmentId: classes.departmentId,
  sharedWithDepartment: lessons.sharedWithDepartment,
  currentMediaId: lessons.currentMediaId,
  currentRunId: lessons.currentRunId,
  teacherName: users.name,
  createdAt: lessons.createdAt,
};

export type LessonSummary = LessonFacts & {
  id: string;
  title: string;
  taughtOn: string;
  status: (typeof lessons.$inferSelect)['status'];
  classId: string;
  className: string;
  subject: string;
  currentMediaId: string | null;
  currentRunId: string | null;
  teacherName: string;
  createdAt: Date;
};

/** Lessons with their class and teacher, as LessonSummary rows; callers add where, order and limits. */
export function selectLessons() {
  return getDb()
    .select(lessonColumns)
    .from(lessons)
    .innerJoin(classes, eq(classes.id, lessons.classId))
    .innerJoin(users, eq(users.id, lessons.teacherId));
}

export async function getLesson(id: string): Promise<LessonSummary | null> {
  if (!isUuid(id)) return null;
  const [row] = await selectLessons().where(eq(lessons.id, id));
  return row ?? null;
}

export function listLessonsOfTeacher(teacherId: string, limit = 20): Promise<LessonSummary[]> {
  return selectLessons()
    .where(eq(lessons.teacherId, teacherId))
    .orderBy(desc(lessons.taughtOn), desc(lessons.createdAt))
    .limit(limit);
}

export function listLessonsOfClass(classId: string): Promise<LessonSummary[]> {
  return selectLessons().where(eq(lessons.classId, classId)).orderBy(desc(lessons.taughtOn), desc(lessons.createdAt));
}

export function listLessonsSharedWithDepartment(departmentId: string, limit = 50): Promise<LessonSummary[]> {
  return selectLessons()
    .where(and(eq(classes.departmentId, departmentId), eq(lessons.sharedWithDepartment, true)))
    .orderBy(desc(lessons.taughtOn), desc(lessons.createdAt))
    .limit(limit);
}

export async function createLesson(values: { schoolId: string; classId: string; teacherId: string; title: string; taughtOn: string }) {
  const [lesson] = await getDb().insert(lessons).values(values).returning({ id: lessons.id });
  return lesson;
}

export async function renameLesson(lessonId: string, title: string) {
  await getDb().update(lessons).set({ title, updatedAt: new Date() }).where(eq(lessons.id, lessonId));
}

export async function setLessonSharing(lessonId: string, shared: boolean) {
  await getDb()
    .update(lessons)
    .set({ sharedWithDepartment: shared, updatedAt: new Date() })
    .where(eq(lessons.id, lessonId));
}

// ── Media and runs ─────────────────────────────────────────────────────────

export async function getMediaAsset(id: string) {
  if (!isUuid(id)) return null;
  const [asset] = await getDb().select().from(mediaAssets).where(eq(mediaAssets.id, id));
  return asset ?? null;
}

export async function getLatestRun(lessonId: string) {
  const [run] = await getDb()
    .select()
    .from(analysisRuns)
    .where(eq(analysisRuns.lessonId, lessonId))
    .orderBy(desc(analysisRuns.createdAt))
    .limit(1);
  return run ?? null;
}

export async function getRun(id: string) {
  if (!isUuid(id)) return null;
  const [run] = await getDb().select().from(analysisRuns).where(eq(analysisRuns.id, id));
  return run ?? null;
}

export function listRunStages(runId: string) {
  return getDb().select().from(runStages).where(eq(runStages.runId, runId)).orderBy(asc(runStages.startedAt));
}

// ── School administration ──────────────────────────────────────────────────

export function listDepartments(schoolId: string) {
  return getDb().select().from(departments).where(eq(departments.schoolId, schoolId)).orderBy(asc(departments.name));
}

export async function getDepartment(id: string) {
  if (!isUuid(id)) return null;
  const [department] = await getDb().select().from(departments).where(eq(departments.id, id));
  return department ?? null;
}

export function listPeople(schoolId: string) {
  return getDb()
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      roles: users.roles,
      departmentId: users.departmentId,
      active: sql<boolean>`${users.passwordHash} is not null`,
      disabledAt: users.disabledAt,
    })
    .from(users)
    .where(eq(users.schoolId, schoolId))
    .orderBy(asc(users.name));
}

export async function getPerson(id: string) {
  if (!isUuid(id)) return null;
  const [user] = await getDb().select().from(users).where(eq(users.id, id));
  return user ?? null;
}

export async function createPerson(values: { schoolId: string; email: string; name: string; roles: Role[]; departmentId: string | null }) {
  const [user] = await getDb()
    .insert(users)
    .values({ ...values, email: values.email.toLowerCase() })
    .returning({ id: users.id });
  return user;
}

export async function createDepartment(schoolId: string, name: string) {
  const [department] = await getDb().insert(departments).values({ schoolId, name }).returning({ id: departments.id });
  return department;
}

export async function createClass(values: { schoolId: string; departmentId: string; teacherId: string; name: string; subject: string }) {
  const [cls] = await getDb().insert(classes).values(values).returning({ id: classes.id });
  return cls;
}

export async function enrolStudents(classId: string, studentIds: string[]) {
  if (studentIds.length === 0) return;
  await getDb()
    .insert(enrolments)
    .values(studentIds.map((studentId) => ({ classId, studentId })))
    .onConflictDoNothing();
}

export async function unenrolStudent(classId: string, studentId: string) {
  await getDb().delete(enrolments).where(and(eq(enrolments.classId, classId), eq(enrolments.studentId, studentId)));
}

// ── Account security ───────────────────────────────────────────────────────

/**
 * Password reset links someone else (an admin) created for this person since
 * their sign-in before the one at `signedInAt`: told to them at their next
 * sign-in, so an account cannot be taken over unnoticed.
 */
export async function resetLinksByOthersSincePreviousSignIn(person: { id: string; email: string }, signedInAt: Date) {
  const { rows } = await getDb().execute<{ createdAt: Date; createdByName: string }>(sql`
    select t.created_at as "createdAt", creator.name as "createdByName"
    from ${oneTimeTokens} t join ${users} creator on creator.id = t.created_by
    where t.user_id = ${person.id} and t.kind = 'reset' and t.created_by <> ${person.id}
      and t.created_at > coalesce(
        (select a.at from ${signInAttempts} a where a.email = ${person.email.toLowerCase()} and a.succeeded and a.at <= ${signedInAt}
         order by a.at desc offset 1 limit 1),
        '-infinity')
    order by t.created_at`);
  return rows.map((row) => ({ createdAt: new Date(row.createdAt), createdByName: row.createdByName }));
}

// ── Biometric templates (from a teacher's reference photos and voice sample) ─

export async function getFaceTemplate(id: string) {
  const [row] = await getDb().select().from(faceTemplates).where(eq(faceTemplates.id, id));
  return row ?? null;
}

export async function listFaceTemplates(userId: string) {
  return getDb().select().from(faceTemplates).where(eq(faceTemplates.userId, userId)).orderBy(asc(faceTemplates.createdAt));
}

export async function getVoiceTemplate(userId: string) {
  const [row] = await getDb().select().from(voiceTemplates).where(eq(voiceTemplates.userId, userId));
  return row ?? null;
}

// ── Analysis results ───────────────────────────────────────────────────────

export function listLessonPeople(runId: string) {
  return getDb().select().from(lessonPeople).where(eq(lessonPeople.runId, runId)).orderBy(desc(lessonPeople.visibleSeconds));
}

export function listLessonSeconds(runId: string) {
  return getDb().select().from(lessonSeconds).where(eq(lessonSeconds.runId, runId)).orderBy(asc(lessonSeconds.t));
}

/** The stored thumbnail of one lesson person (null when none is kept). */
export async function getPersonThumbnailKey(runId: string, personKey: string): Promise<string | null> {
  const [row] = await getDb()
    .select({ thumbnailKey: lessonPeople.thumbnailKey })
    .from(lessonPeople)
    .where(and(eq(lessonPeople.runId, runId), eq(lessonPeople.personKey, personKey)));
  return row?.thumbnailKey ?? null;
}
