import { and, eq, isNull, sql } from 'drizzle-orm';
import { audit } from '../audit/log';
import { deleteTemplatesOf } from '../biometrics/delete-templates';
import { getDb, withTransaction } from '../db/client';
import { classes, enrolments, oneTimeTokens, users, type User } from '../db/schema';
import type { Actor } from '../policy';
import { roleList, type Role } from '../roles';
import { getStorage } from '../storage';
import { detachGuardiansOf } from './guardians';

/** A sentence when the change would leave the school without an active admin, else null. */
export async function lastAdminProblem(person: User, keepsAdmin: boolean): Promise<string | null> {
  if (!person.roles.includes('admin') || person.disabledAt || keepsAdmin) return null;
  const [{ n }] = await getDb()
    .select({ n: sql<number>`count(*)::int` })
    .from(users)
    .where(and(eq(users.schoolId, person.schoolId), isNull(users.disabledAt), sql`'admin' = any(${users.roles})`));
  return n <= 1 ? `${person.name} is the school’s only active admin. Make someone else an admin first.` : null;
}

/**
 * Deactivates or reactivates an account. A deactivated person cannot sign in
 * and every session of theirs ends at once (each request re-reads the
 * account), for good: reactivating does not bring an old session back. Their
 * unused invite and reset links stop working. Everything of theirs is kept.
 */
export async function setAccountActive(actor: Actor, person: User, active: boolean): Promise<string | null> {
  if (person.id === actor.id) return 'You cannot deactivate your own account.';
  if (!person.disabledAt === active) return `${person.name}’s account is already ${active ? 'active' : 'deactivated'}.`;
  if (!active) {
    const problem = await lastAdminProblem(person, false);
    if (problem) return problem;
  }
  await withTransaction(async (tx) => {
    const now = new Date();
    // Sessions signed in before a deactivation stay ended after a reactivation: the person signs in again.
    await tx.update(users).set(active ? { disabledAt: null } : { disabledAt: now, sessionsValidFrom: now }).where(eq(users.id, person.id));
    if (!active) await tx.update(oneTimeTokens).set({ usedAt: now }).where(and(eq(oneTimeTokens.userId, person.id), isNull(oneTimeTokens.usedAt)));
    await audit(tx, actor, active ? 'person.reactivate' : 'person.deactivate', { person });
  });
  return null;
}

/**
 * Gives a person new roles (and the department a head leads). Losing the
 * teacher role deletes their face and voice templates (their enrolment to be
 * recognised ends) and needs their classes given to someone else first;
 * losing the student role takes them out of their classes.
 */
export async function setRoles(actor: Actor, person: User, roles: Role[], departmentId: string | null): Promise<string | null> {
  if (person.id === actor.id && !roles.includes('admin')) return 'You cannot take the admin role from yourself.';
  const problem = await lastAdminProblem(person, roles.includes('admin'));
  if (problem) return problem;
  const losesTeacher = person.roles.includes('teacher') && !roles.includes('teacher');
  const losesStudent = person.roles.includes('student') && !roles.includes('student');
  const outcome = await withTransaction(async (tx) => {
    if (losesTeacher) {
      const taught = await tx.select({ name: classes.name }).from(classes).where(eq(classes.teacherId, person.id));
      if (taught.length) return { problem: `${person.name} teaches ${taught.map((c) => c.name).join(', ')}. Give ${taught.length === 1 ? 'that class' : 'those classes'} to another teacher first.`, fileKeys: [] };
    }
    await tx.update(users).set({ roles, departmentId: roles.includes('department_head') ? departmentId : null }).where(eq(users.id, person.id));
    const consequences: string[] = [];
    if (losesStudent) {
      const left = await tx.delete(enrolments).where(eq(enrolments.studentId, person.id)).returning();
      await detachGuardiansOf(tx, person.id);
      if (left.length) consequences.push(`removed from ${left.length} class${left.length === 1 ? '' : 'es'}`);
    }
    const templates = losesTeacher ? await deleteTemplatesOf(tx, person.id) : { removed: 0, fileKeys: [] };
    if (templates.removed) consequences.push('face and voice templates deleted');
    await audit(tx, actor, 'person.roles', { person }, `${roleList(person.roles)} → ${roleList(roles)}${consequences.map((c) => `; ${c}`).join('')}`);
    return { problem: null, fileKeys: templates.fileKeys };
  });
  for (const key of outcome.fileKeys) await getStorage().delete(key);
  return outcome.problem;
}
