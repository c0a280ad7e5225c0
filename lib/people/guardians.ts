import { and, asc, eq, inArray, notExists, sql } from 'drizzle-orm';
import { audit } from '../audit/log';
import { getDb, withTransaction, type Database } from '../db/client';
import { guardians, studentGuardians, type User } from '../db/schema';
import type { Actor } from '../policy';

export function listGuardiansOf(studentId: string) {
  return getDb()
    .select({ id: guardians.id, name: guardians.name, email: guardians.email })
    .from(studentGuardians)
    .innerJoin(guardians, eq(guardians.id, studentGuardians.guardianId))
    .where(eq(studentGuardians.studentId, studentId))
    .orderBy(asc(guardians.name));
}

/** Links a guardian to a student: the school's guardian of that email (renamed when the name differs), or a new one. */
export async function addGuardian(actor: Actor, student: User, input: { name: string; email: string }): Promise<void> {
  await withTransaction(async (tx) => {
    const [existing] = await tx
      .select()
      .from(guardians)
      .where(and(eq(guardians.schoolId, student.schoolId), sql`lower(${guardians.email}) = ${input.email.toLowerCase()}`));
    const guardianId = existing
      ? existing.id
      : (await tx.insert(guardians).values({ schoolId: student.schoolId, name: input.name, email: input.email.toLowerCase() }).returning())[0].id;
    if (existing && existing.name !== input.name) await tx.update(guardians).set({ name: input.name }).where(eq(guardians.id, existing.id));
    await tx.insert(studentGuardians).values({ studentId: student.id, guardianId }).onConflictDoNothing();
    await audit(tx, actor, 'guardian.add', { person: student }, `${input.name} (${input.email})`);
  });
}

/** Unlinks a guardian from a student; a guardian left with no student is deleted (they are only a contact of the school). */
export async function removeGuardian(actor: Actor, student: User, guardianId: string): Promise<boolean> {
  return withTransaction(async (tx) => {
    const [link] = await tx
      .delete(studentGuardians)
      .where(and(eq(studentGuardians.studentId, student.id), eq(studentGuardians.guardianId, guardianId)))
      .returning();
    if (!link) return false;
    const [guardian] = await tx.select().from(guardians).where(eq(guardians.id, guardianId));
    await tx.delete(guardians).where(and(eq(guardians.id, guardianId), notExists(tx.select().from(studentGuardians).where(eq(studentGuardians.guardianId, guardianId)))));
    await audit(tx, actor, 'guardian.remove', { person: student }, guardian ? `${guardian.name} (${guardian.email})` : null);
    return true;
  });
}

/** Unlinks every guardian of a student (no longer a student, or deleted), deleting those left with no student, in the caller's transaction. Returns how many links went. */
export async function detachGuardiansOf(tx: Database, studentId: string): Promise<number> {
  const linked = await tx.delete(studentGuardians).where(eq(studentGuardians.studentId, studentId)).returning({ guardianId: studentGuardians.guardianId });
  if (linked.length === 0) return 0;
  await tx.delete(guardians).where(
    and(
      inArray(guardians.id, linked.map((l) => l.guardianId)),
      notExists(tx.select({ id: studentGuardians.guardianId }).from(studentGuardians).where(eq(studentGuardians.guardianId, guardians.id))),
    ),
  );
  return linked.length;
}
