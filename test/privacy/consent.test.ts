import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eq } from 'drizzle-orm';
import { recordConsent } from '../../lib/actions/consent';
import { NOT_FOUND } from '../../lib/actions/result';
import { consentOfStudents, hasConsent, isInForce, optedOutStudents } from '../../lib/consent/records';
import { getDb } from '../../lib/db/client';
import { saveSchoolSettings } from '../../lib/db/queries';
import { consentRecords, faceTemplates } from '../../lib/db/schema';
import { useTestDatabase } from '../helpers/database';
import { demoSchool } from '../helpers/fixtures';

useTestDatabase();

test('consent decisions: who may record which, who may decide, history kept, current state derived, withdrawal deletes the face template', async () => {
  const { owner, otherTeacher, head, student, admin, physics } = await demoSchool();
  const decide = (actor: typeof admin | null, input: Record<string, unknown>) => recordConsent(actor, { classId: physics.id, studentId: student.id, ...input });
  const consent = { kind: 'face-template', decision: 'given', givenBy: 'guardian', guardianName: 'Priya Patel', note: 'signed form in the office' };

  // Only the class's teacher and the admin reach the decisions; a head of the department and others see nothing.
  for (const outsider of [otherTeacher, head, student, null]) assert.deepEqual(await decide(outsider, consent), NOT_FOUND);
  assert.deepEqual(await recordConsent(admin, { ...consent, classId: physics.id, studentId: otherTeacher.id }), NOT_FOUND, 'not a student of the class');

  // The teacher may protect a student, never grant a consent.
  assert.match((await decide(owner, consent)).error!, /Only the school’s admin records a consent/);
  // The school's setting (guardians by default) names who consents; a guardian needs a name.
  assert.match((await decide(admin, { ...consent, givenBy: 'student' })).error!, /a guardian gives consent/);
  assert.match((await decide(admin, { ...consent, guardianName: '' })).error!, /name of the guardian/);
  assert.equal((await decide(admin, consent)).ok, true);
  assert.match((await decide(admin, consent)).error!, /already given/);
  assert.equal(await hasConsent(student.id, 'face-template'), true);

  // A face template made under that consent goes when it is withdrawn — by the student, whatever the setting.
  await getDb().insert(faceTemplates).values({ userId: student.id, status: 'ready', descriptor: Array(128).fill(0.1), modelName: 'x', modelVersion: '1' });
  assert.equal((await decide(owner, { kind: 'face-template', decision: 'withdrawn', givenBy: 'student' })).ok, true);
  assert.equal(await hasConsent(student.id, 'face-template'), false);
  assert.equal((await getDb().select().from(faceTemplates).where(eq(faceTemplates.userId, student.id))).length, 0);
  assert.match((await decide(owner, { kind: 'face-template', decision: 'withdrawn', givenBy: 'student' })).error!, /nothing in force/);

  // An opt-out: the teacher may record it; lifting it is the admin's, from the party the school names.
  assert.deepEqual(await optedOutStudents(physics.id), []);
  assert.equal((await decide(owner, { kind: 'analysis-opt-out', decision: 'given', givenBy: 'student' })).ok, true);
  assert.deepEqual((await optedOutStudents(physics.id)).map((s) => s.name), ['Ava Patel']);
  assert.match((await decide(owner, { kind: 'analysis-opt-out', decision: 'withdrawn', givenBy: 'guardian', guardianName: 'Priya Patel' })).error!, /Only the school’s admin/);
  await saveSchoolSettings(admin.schoolId, { consentGivenBy: 'student' });
  assert.match((await decide(admin, { kind: 'analysis-opt-out', decision: 'withdrawn', givenBy: 'guardian', guardianName: 'Priya Patel' })).error!, /students give consent themselves/);
  assert.equal((await decide(admin, { kind: 'analysis-opt-out', decision: 'withdrawn', givenBy: 'student' })).ok, true);
  assert.deepEqual(await optedOutStudents(physics.id), []);

  // The whole history stays, newest first, with who decided and who recorded it.
  const state = (await consentOfStudents([student.id])).get(student.id)!;
  assert.deepEqual(
    state.history.map((r) => [r.kind, r.decision, r.givenBy, r.recordedByName]),
    [
      ['analysis-opt-out', 'withdrawn', 'student', 'Morgan Admin'],
      ['analysis-opt-out', 'given', 'student', 'Alex Chen'],
      ['face-template', 'withdrawn', 'student', 'Alex Chen'],
      ['face-template', 'given', 'guardian', 'Morgan Admin'],
    ],
  );
  assert.equal(state.history[3].guardianName, 'Priya Patel');
  assert.equal(state.history[3].note, 'signed form in the office');
  assert.equal(state.current['personal-summary'], null);
  assert.equal(isInForce(state, 'analysis-opt-out'), false);
  assert.equal((await getDb().select().from(consentRecords)).length, 4, 'refused decisions wrote nothing');
});
