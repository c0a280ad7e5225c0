import { and, eq, inArray, sql } from 'drizzle-orm';
import { audit } from '../../audit/log';
import { getDb, withTransaction, type Database } from '../../db/client';
import { classes, departments, enrolments, guardians, studentGuardians, users } from '../../db/schema';
import type { Actor } from '../../policy';
import { planRoster, type RosterPlan, type RosterState, type RosterWrite } from './plan';

async function loadState(db: Database, schoolId: string): Promise<RosterState> {
  const [people, departmentRows, classRows, guardianRows] = await Promise.all([
    db.select({ id: users.id, email: users.email, name: users.name, roles: users.roles }).from(users).where(eq(users.schoolId, schoolId)),
    db.select({ id: departments.id, name: departments.name }).from(departments).where(eq(departments.schoolId, schoolId)),
    db
      .select({ id: classes.id, name: classes.name, subject: classes.subject, departmentId: classes.departmentId, teacherId: classes.teacherId })
      .from(classes)
      .where(eq(classes.schoolId, schoolId)),
    db.select({ id: guardians.id, email: guardians.email, name: guardians.name }).from(guardians).where(eq(guardians.schoolId, schoolId)),
  ]);
  const classIds = classRows.map((c) => c.id);
  const guardianIds = guardianRows.map((g) => g.id);
  const [enrolmentRows, linkRows] = await Promise.all([
    classIds.length ? db.select({ classId: enrolments.classId, studentId: enrolments.studentId }).from(enrolments).where(inArray(enrolments.classId, classIds)) : [],
    guardianIds.length
      ? db.select({ guardianId: studentGuardians.guardianId, studentId: studentGuardians.studentId }).from(studentGuardians).where(inArray(studentGuardians.guardianId, guardianIds))
      : [],
  ]);
  return { people, departments: departmentRows, classes: classRows, enrolments: enrolmentRows, guardians: guardianRows, guardianLinks: linkRows };
}

/** What importing `text` would do, written nowhere. */
export async function previewRoster(schoolId: string, text: string): Promise<RosterPlan> {
  return planRoster(text, await loadState(getDb(), schoolId));
}

/** Writes run in this order, so every name a write refers to exists by then. */
const WRITE_ORDER: RosterWrite['kind'][] = ['department', 'person', 'rename-person', 'class', 'update-class', 'guardian', 'rename-guardian', 'enrol', 'link-guardian'];

/**
 * Imports the rows of `text` that have no error, in one transaction with its
 * audit entry, planned again against the school as it is now (a preview may
 * be old). New accounts have no password until their invitation is used.
 */
export async function importRoster(actor: Actor, text: string, fileName: string): Promise<RosterPlan> {
  return withTransaction(async (tx) => {
    // One import of a school at a time: two at once would each plan the same new rows.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`roster|${actor.schoolId}`}))`);
    const plan = planRoster(text, await loadState(tx, actor.schoolId));
    if (plan.fileError || plan.writes.length === 0) return plan;
    const schoolId = actor.schoolId;
    const lower = (column: typeof users.email | typeof departments.name | typeof classes.name | typeof guardians.email, value: string) =>
      sql`lower(${column}) = ${value.toLowerCase()}`;
    const personId = async (email: string) => (await tx.select({ id: users.id }).from(users).where(and(eq(users.schoolId, schoolId), lower(users.email, email))))[0].id;
    const departmentId = async (name: string) =>
      (await tx.select({ id: departments.id }).from(departments).where(and(eq(departments.schoolId, schoolId), lower(departments.name, name))))[0].id;
    const classId = async (name: string) => (await tx.select({ id: classes.id }).from(classes).where(and(eq(classes.schoolId, schoolId), lower(classes.name, name))))[0].id;
    const guardianId = async (email: string) =>
      (await tx.select({ id: guardians.id }).from(guardians).where(and(eq(guardians.schoolId, schoolId), lower(guardians.email, email))))[0].id;

    const writes = [...plan.writes].sort((a, b) => WRITE_ORDER.indexOf(a.kind) - WRITE_ORDER.indexOf(b.kind));
    for (const write of writes) {
      switch (write.kind) {
        case 'department':
          await tx.insert(departments).values({ schoolId, name: write.name });
          break;
        case 'person':
          await tx.insert(users).values({ schoolId, name: write.name, email: write.email.toLowerCase(), roles: [write.role] });
          break;
        case 'rename-person':
          await tx.update(users).set({ name: write.name }).where(eq(users.id, await personId(write.email)));
          break;
        case 'class':
        case 'update-class': {
          const values = { name: write.name, subject: write.subject, departmentId: await departmentId(write.department), teacherId: await personId(write.teacherEmail) };
          if (write.kind === 'class') await tx.insert(classes).values({ schoolId, ...values });
          else await tx.update(classes).set(values).where(eq(classes.id, await classId(write.name)));
          break;
        }
        case 'guardian':
          await tx.insert(guardians).values({ schoolId, name: write.name, email: write.email.toLowerCase() });
          break;
        case 'rename-guardian':
          await tx.update(guardians).set({ name: write.name }).where(eq(guardians.id, await guardianId(write.email)));
          break;
        case 'enrol':
          await tx.insert(enrolments).values({ classId: await classId(write.className), studentId: await personId(write.studentEmail) }).onConflictDoNothing();
          break;
        case 'link-guardian':
          await tx.insert(studentGuardians).values({ guardianId: await guardianId(write.guardianEmail), studentId: await personId(write.studentEmail) }).onConflictDoNothing();
          break;
      }
    }
    const { create, change, error } = plan.counts;
    await audit(tx, actor, 'roster.import', { subject: fileName }, `${create} created, ${change} changed${error ? `, ${error} row${error === 1 ? '' : 's'} with errors skipped` : ''}`);
    return plan;
  });
}
