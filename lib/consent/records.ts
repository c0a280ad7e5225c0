import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import { audit } from '../audit/log';
import { getDb, withTransaction } from '../db/client';
import { CONSENT_KINDS, consentRecords, enrolments, faceTemplates, users, type ConsentDecision, type ConsentKind, type ConsentParty, type ConsentRecord } from '../db/schema';
import { getStorage } from '../storage';
import { deleteStudentMatches, SUMMARY_CONSENTS } from '../students/matches';
import { decisionText } from './kinds';

export type ConsentDecisionInput = {
  schoolId: string;
  studentId: string;
  kind: ConsentKind;
  decision: ConsentDecision;
  givenBy: ConsentParty;
  guardianName: string | null;
  note: string | null;
  recordedBy: { id: string; name: string };
};

/**
 * The one place consent decisions are written: a new record (earlier ones
 * stay as the history), and what the decision takes away, in the same
 * transaction — withdrawing consent to a face template or to the personal
 * summary deletes the student's face templates and every stored match of
 * them at once (their photos right after the commit).
 * The caller has checked the policy and who may decide (lib/actions/consent.ts).
 */
export async function recordConsentDecision(input: ConsentDecisionInput): Promise<ConsentRecord> {
  const { record, photoKeys } = await withTransaction(async (tx) => {
    const [record] = await tx
      .insert(consentRecords)
      .values({
        schoolId: input.schoolId,
        studentId: input.studentId,
        kind: input.kind,
        decision: input.decision,
        givenBy: input.givenBy,
        guardianName: input.givenBy === 'guardian' ? input.guardianName : null,
        note: input.note,
        recordedBy: input.recordedBy.id,
        recordedByName: input.recordedBy.name,
      })
      .returning();
    const [student] = await tx.select({ id: users.id, name: users.name }).from(users).where(eq(users.id, input.studentId));
    await audit(tx, { ...input.recordedBy, schoolId: input.schoolId }, 'consent.change', { person: student }, decisionText(input.kind, input.decision));
    let photoKeys: string[] = [];
    if ((SUMMARY_CONSENTS as readonly ConsentKind[]).includes(input.kind) && input.decision === 'withdrawn') {
      // The lock a run storing matches takes too (lib/students/matches.ts): no match of this student is stored after this commits.
      await tx.select({ id: users.id }).from(users).where(eq(users.id, input.studentId)).for('update');
      const removed = await tx.delete(faceTemplates).where(eq(faceTemplates.userId, input.studentId)).returning({ photoKey: faceTemplates.photoKey });
      photoKeys = removed.map((r) => r.photoKey).filter((key): key is string => !!key);
      await deleteStudentMatches(tx, input.studentId);
    }
    return { record, photoKeys };
  });
  for (const key of photoKeys) await getStorage().delete(key);
  return record;
}

/** A student's consent: the current record of each kind (null when none was ever recorded) and every record, newest first. */
export type StudentConsent = { current: Record<ConsentKind, ConsentRecord | null>; history: ConsentRecord[] };

export async function consentOfStudents(studentIds: string[]): Promise<Map<string, StudentConsent>> {
  const result = new Map<string, StudentConsent>(
    studentIds.map((id) => [id, { current: Object.fromEntries(CONSENT_KINDS.map((k) => [k, null])) as StudentConsent['current'], history: [] }]),
  );
  if (studentIds.length === 0) return result;
  const rows = await getDb().select().from(consentRecords).where(inArray(consentRecords.studentId, studentIds)).orderBy(desc(consentRecords.seq));
  for (const row of rows) {
    const consent = result.get(row.studentId)!;
    consent.history.push(row);
    consent.current[row.kind] ??= row;
  }
  return result;
}

/** Whether a kind's latest record says 'given' (a consent in force, or an opt-out in force). */
export function isInForce(consent: StudentConsent, kind: ConsentKind): boolean {
  return consent.current[kind]?.decision === 'given';
}

export async function hasConsent(studentId: string, kind: ConsentKind): Promise<boolean> {
  const [latest] = await getDb()
    .select({ decision: consentRecords.decision })
    .from(consentRecords)
    .where(and(eq(consentRecords.studentId, studentId), eq(consentRecords.kind, kind)))
    .orderBy(desc(consentRecords.seq))
    .limit(1);
  return latest?.decision === 'given';
}

/** The students of a class whose opt-out of analysis is in force, by name (the lesson page reminds the teacher of them). */
export async function optedOutStudents(classId: string): Promise<{ id: string; name: string }[]> {
  const latest = getDb()
    .selectDistinctOn([consentRecords.studentId], { studentId: consentRecords.studentId, decision: consentRecords.decision })
    .from(consentRecords)
    .where(eq(consentRecords.kind, 'analysis-opt-out'))
    .orderBy(consentRecords.studentId, desc(consentRecords.seq))
    .as('latest');
  return getDb()
    .select({ id: users.id, name: users.name })
    .from(enrolments)
    .innerJoin(latest, eq(latest.studentId, enrolments.studentId))
    .innerJoin(users, eq(users.id, enrolments.studentId))
    .where(and(eq(enrolments.classId, classId), eq(latest.decision, 'given')))
    .orderBy(asc(users.name));
}
