import { z } from 'zod';
import { classFor } from '../access';
import { decisionText, mayDecide, protectsStudent } from '../consent/kinds';
import { consentOfStudents, recordConsentDecision } from '../consent/records';
import { getSchool, isEnrolled } from '../db/queries';
import { CONSENT_DECISIONS, CONSENT_KINDS, CONSENT_PARTIES } from '../db/schema';
import { canRecordConsent, canViewConsent, type Actor } from '../policy';
import { NOT_FOUND, type ActionResult } from './result';

const decisionInput = z.object({
  classId: z.string(),
  studentId: z.string(),
  kind: z.enum(CONSENT_KINDS, 'Choose what was decided.'),
  decision: z.enum(CONSENT_DECISIONS, 'Choose what was decided.'),
  givenBy: z.enum(CONSENT_PARTIES, 'Say who decided: the student or a guardian.'),
  guardianName: z.string().trim().max(200, 'Keep the guardian’s name under 200 characters.').optional(),
  note: z.string().trim().max(500, 'Keep the note under 500 characters.').optional(),
});

/**
 * Records a consent decision for a student of a class (from the class page).
 * Admins record any decision; the class's teacher only protective ones
 * (lib/policy.ts). A consent must come from the party the school names
 * (student or guardian); an opt-out or withdrawal from either.
 */
export async function recordConsent(actor: Actor | null, input: Record<string, unknown>): Promise<ActionResult> {
  const cls = await classFor(actor, String(input.classId ?? ''), 'view');
  if (!cls || !actor || !canViewConsent(actor, cls)) return NOT_FOUND;
  const parsed = decisionInput.safeParse(input);
  if (!parsed.success) return { error: parsed.error.issues[0].message };
  const { studentId, kind, decision, givenBy } = parsed.data;
  if (!(await isEnrolled(cls.id, studentId))) return NOT_FOUND;
  if (!canRecordConsent(actor, cls, protectsStudent(kind, decision))) return { error: 'Only the school’s admin records a consent or lifts an opt-out; you can record an opt-out or a withdrawal.' };
  const school = (await getSchool(cls.schoolId))!;
  if (!mayDecide(kind, decision, givenBy, school.settings.consentGivenBy)) {
    return { error: school.settings.consentGivenBy === 'guardian' ? 'At this school a guardian gives consent: record the guardian’s decision.' : 'At this school students give consent themselves: record the student’s decision.' };
  }
  const guardianName = parsed.data.guardianName || null;
  if (givenBy === 'guardian' && !guardianName) return { error: 'Enter the name of the guardian who decided.' };
  const current = (await consentOfStudents([studentId])).get(studentId)!.current[kind];
  if ((current?.decision ?? 'withdrawn') === decision) {
    return { error: decision === 'given' ? (kind === 'analysis-opt-out' ? 'This student has already opted out.' : 'This consent is already given.') : 'There is nothing in force to withdraw.' };
  }
  await recordConsentDecision({ schoolId: cls.schoolId, studentId, kind, decision, givenBy, guardianName, note: parsed.data.note || null, recordedBy: { id: actor.id, name: actor.name } });
  return { ok: true, message: `Recorded: ${decisionText(kind, decision).toLowerCase()}.` };
}
