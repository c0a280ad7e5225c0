import { eq, sql } from 'drizzle-orm';
import { audit } from '../audit/log';
import { deleteTemplatesOf } from '../biometrics/delete-templates';
import { getDb, withTransaction } from '../db/client';
import { getLesson } from '../db/queries';
import { auditEvents, classes, enrolments, faceTemplates, lessons, signInAttempts, studentGuardians, users, voiceTemplates, type User } from '../db/schema';
import { deleteLesson } from '../lessons/delete';
import type { Actor } from '../policy';
import { getStorage, personFolder } from '../storage';
import { lastAdminProblem } from './accounts';
import { detachGuardiansOf } from './guardians';

/** What deleting a person takes with them, for the admin to confirm. */
export type PersonFootprint = { lessons: number; classesTaught: string[]; enrolments: number; templates: number; guardians: number };

export async function personFootprint(personId: string): Promise<PersonFootprint> {
  const db = getDb();
  const count = sql<number>`count(*)::int`;
  const [[lessonCount], taught, [enrolled], [faces], [voices], [linked]] = await Promise.all([
    db.select({ n: count }).from(lessons).where(eq(lessons.teacherId, personId)),
    db.select({ name: classes.name }).from(classes).where(eq(classes.teacherId, personId)),
    db.select({ n: count }).from(enrolments).where(eq(enrolments.studentId, personId)),
    db.select({ n: count }).from(faceTemplates).where(eq(faceTemplates.userId, personId)),
    db.select({ n: count }).from(voiceTemplates).where(eq(voiceTemplates.userId, personId)),
    db.select({ n: count }).from(studentGuardians).where(eq(studentGuardians.studentId, personId)),
  ]);
  return { lessons: lessonCount.n, classesTaught: taught.map((c) => c.name), enrolments: enrolled.n, templates: faces.n + voices.n, guardians: linked.n };
}

/** How the audit log names someone once they are deleted. */
function deletedName(person: User): string {
  const role = (['student', 'teacher', 'department_head', 'admin'] as const).find((r) => person.roles.includes(r));
  return role === 'student' ? 'A deleted student' : role === 'teacher' ? 'A deleted teacher' : 'A deleted staff member';
}

/**
 * Deletes a person with everything personal: the lessons they recorded (with
 * everything derived from them), their face and voice templates and files,
 * class enrolments, guardian links (and guardians left with no student),
 * consent records, sign-in records, invite and reset links. Lesson aggregates
 * of other teachers' lessons never named them and stay. The audit log keeps
 * what was done and when, with their name replaced (entries expire with the
 * log's own retention).
 */
export async function deletePerson(actor: Actor, person: User): Promise<string | null> {
  if (person.id === actor.id) return 'You cannot delete your own account.';
  const adminProblem = await lastAdminProblem(person, false);
  if (adminProblem) return adminProblem;
  const footprint = await personFootprint(person.id);
  if (footprint.classesTaught.length) {
    return `${person.name} teaches ${footprint.classesTaught.join(', ')}. Give ${footprint.classesTaught.length === 1 ? 'that class' : 'those classes'} to another teacher first.`;
  }
  const ownLessons = await getDb().select({ id: lessons.id }).from(lessons).where(eq(lessons.teacherId, person.id));
  for (const { id } of ownLessons) {
    const lesson = await getLesson(id);
    if (lesson) await deleteLesson(actor, lesson);
  }
  const fileKeys = await withTransaction(async (tx) => {
    const templates = await deleteTemplatesOf(tx, person.id);
    await detachGuardiansOf(tx, person.id);
    await tx.delete(signInAttempts).where(sql`lower(${signInAttempts.email}) = ${person.email.toLowerCase()}`);
    const name = deletedName(person);
    await tx.update(auditEvents).set({ subject: name }).where(eq(auditEvents.personId, person.id));
    await tx.update(auditEvents).set({ actorName: name }).where(eq(auditEvents.actorId, person.id));
    await tx.delete(users).where(eq(users.id, person.id));
    const took = [
      footprint.lessons && `${footprint.lessons} lesson${footprint.lessons === 1 ? '' : 's'}`,
      footprint.enrolments && `${footprint.enrolments} class enrolment${footprint.enrolments === 1 ? '' : 's'}`,
      templates.removed && `${templates.removed} face or voice template${templates.removed === 1 ? '' : 's'}`,
    ].filter(Boolean);
    await audit(tx, actor, 'person.delete', { subject: name }, took.length ? `with ${took.join(', ')}` : null);
    return templates.fileKeys;
  });
  const storage = getStorage();
  for (const key of fileKeys) await storage.delete(key);
  await storage.deleteFolder(personFolder(person.id));
  return null;
}
