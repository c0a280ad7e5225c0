import { eq, inArray, sql } from 'drizzle-orm';
import { matchEnrolledStudents, type EnrolledStudent } from '../analysis/face/students';
import { faceTimelines, personPoseSeconds } from '../analysis/face/timelines';
import type { LessonFaces } from '../analysis/face/types';
import { usableTemplates } from '../biometrics/templates';
import { getDb, type Database } from '../db/client';
import { enrolments, faceTemplates, studentMatches, users, type SchoolSettings } from '../db/schema';
import { balanceOf } from '../results/indicators';
import { roundTo } from '../round';

/**
 * Finding consented students among a lesson's people, for their own
 * summaries. Both consents must be in force — the face template (to compare)
 * and the personal summary (what the match is for) — and the school must
 * have student summaries on. The check runs again in the transaction that
 * stores the matches, under the same row lock a withdrawal takes
 * (lib/consent/records.ts), so a match is never stored for a student whose
 * consent was withdrawn meanwhile.
 */
export const SUMMARY_CONSENTS = ['face-template', 'personal-summary'] as const;

export type StudentMatchRow = Omit<typeof studentMatches.$inferInsert, 'runId' | 'createdAt'>;

/** SQL: the students among `ids` whose latest decision of every summary consent is 'given'. */
function consentedAmong(tx: Database, ids: string[]) {
  return tx.execute(sql`
    select s.id from users s
    where s.id in (${sql.join(ids.map((id) => sql`${id}`), sql`, `)})
      and ${sql.raw(String(SUMMARY_CONSENTS.length))} = (
        select count(*) from (
          select distinct on (kind) kind, decision from consent_records
          where student_id = s.id and kind in (${sql.join(SUMMARY_CONSENTS.map((k) => sql`${k}`), sql`, `)})
          order by kind, seq desc
        ) latest where latest.decision = 'given'
      )`);
}

/** The class's students who may be looked for: consented, with ready templates by today's face model. */
export async function enrolledStudentsToFind(classId: string, settings: SchoolSettings): Promise<EnrolledStudent[]> {
  if (!settings.studentSummaries) return [];
  const db = getDb();
  const roster = await db.select({ id: enrolments.studentId }).from(enrolments).where(eq(enrolments.classId, classId));
  if (roster.length === 0) return [];
  const consented = ((await consentedAmong(db, roster.map((r) => r.id))).rows as { id: string }[]).map((r) => r.id);
  if (consented.length === 0) return [];
  const templates = await db.select().from(faceTemplates).where(inArray(faceTemplates.userId, consented));
  return consented
    .map((studentId) => ({ studentId, descriptors: usableTemplates(templates.filter((t) => t.userId === studentId), null).faceDescriptors }))
    .filter((s) => s.descriptors.length > 0);
}

/** The matches and each student's own figures, by the lesson indicators' definitions applied to their face alone. */
export function studentMatchRows(faces: LessonFaces, students: EnrolledStudent[]): StudentMatchRow[] {
  if (students.length === 0) return [];
  const teacherPersonId = faces.teacher.personId;
  const matches = matchEnrolledStudents(faces.people, teacherPersonId, students);
  if (matches.length === 0) return [];
  const timelines = faceTimelines(faces, teacherPersonId);
  return matches.map((m) => {
    const person = faces.people.find((p) => p.id === m.personId)!;
    const pose = personPoseSeconds(faces, m.personId);
    const expressions = timelines.people.find((t) => t.personId === m.personId)!.expressions;
    return {
      studentId: m.studentId,
      personKey: m.personId,
      distance: m.distance,
      visibleSeconds: roundTo(person.visibleS, 1),
      attentionPct: pose.posed > 0 ? roundTo((100 * pose.front) / pose.posed, 1) : null,
      balancePts: balanceOf(expressions)?.balancePts ?? null,
    };
  });
}

/** Replaces a run's matches in the caller's transaction, keeping only students whose consent is still in force. */
export async function storeStudentMatches(tx: Database, runId: string, rows: StudentMatchRow[]): Promise<void> {
  await tx.delete(studentMatches).where(eq(studentMatches.runId, runId));
  if (rows.length === 0) return;
  const ids = rows.map((r) => r.studentId);
  await tx.select({ id: users.id }).from(users).where(inArray(users.id, ids)).for('update');
  const still = new Set(((await consentedAmong(tx, ids)).rows as { id: string }[]).map((r) => r.id));
  const kept = rows.filter((r) => still.has(r.studentId));
  if (kept.length) await tx.insert(studentMatches).values(kept.map((r) => ({ ...r, runId })));
}

/**
 * The run's people matched to students whose consent is in force, person key
 * → student's name, for the teacher's people list. Withdrawal deletes the
 * matches, and the consent is checked again here all the same.
 */
export async function consentedStudentsSeen(runId: string): Promise<Map<string, string>> {
  const db = getDb();
  const rows = await db.select({ personKey: studentMatches.personKey, studentId: studentMatches.studentId, name: users.name }).from(studentMatches).innerJoin(users, eq(users.id, studentMatches.studentId)).where(eq(studentMatches.runId, runId));
  if (rows.length === 0) return new Map();
  const consented = new Set(((await consentedAmong(db, rows.map((r) => r.studentId))).rows as { id: string }[]).map((r) => r.id));
  return new Map(rows.filter((r) => consented.has(r.studentId)).map((r) => [r.personKey, r.name]));
}

/** Withdrawal: every match of the student, in the caller's transaction (which holds the student's row lock). */
export async function deleteStudentMatches(tx: Database, studentId: string): Promise<void> {
  await tx.delete(studentMatches).where(eq(studentMatches.studentId, studentId));
}
