import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import { generateRecording, scratchDir } from '../helpers/fixtures';

const MEDIA = scratchDir('lessonlens-media-');
Object.assign(process.env, { LESSONLENS_MEDIA_DIR: MEDIA, QUEUE_MAINTENANCE_SECONDS: '1' });

const { and, eq, isNull } = await import('drizzle-orm');
const admin_ = await import('../../lib/actions/admin');
const { createOneTimeLink } = await import('../../lib/auth/tokens');
const { getDb } = await import('../../lib/db/client');
const { findActor, getPerson, listLessonSeconds } = await import('../../lib/db/queries');
const { auditEvents, enrolments, faceTemplates, guardians, lessons, oneTimeTokens, signInAttempts, studentGuardians, users, voiceTemplates } = await import('../../lib/db/schema');
const { getStorage, personFolder } = await import('../../lib/storage');
const { useTestDatabase } = await import('../helpers/database');
const { demoSchool } = await import('../helpers/fixtures');
const { runEnded, startWorker, uploadLesson } = await import('../helpers/workers');

useTestDatabase();

test('deactivating ends the person’s sessions and links at once and keeps their data; reactivating lets them in again', async () => {
  const { admin, owner } = await demoSchool();
  await createOneTimeLink(owner.id, 'reset', admin.id);
  assert.match((await admin_.setActive(admin, { userId: admin.id, active: false })).error!, /your own account/);
  assert.ok((await admin_.setActive(admin, { userId: owner.id, active: false })).ok);
  assert.equal(await findActor(owner.id), null, 'every request re-reads the account: the session is over');
  assert.equal((await getDb().select().from(oneTimeTokens).where(and(eq(oneTimeTokens.userId, owner.id), isNull(oneTimeTokens.usedAt)))).length, 0, 'open links stop working');
  assert.match((await admin_.createResetLink(admin, { userId: owner.id })).error!, /deactivated/);
  assert.match((await admin_.setActive(admin, { userId: owner.id, active: false })).error!, /already deactivated/);
  assert.ok((await admin_.setActive(admin, { userId: owner.id, active: true })).ok);
  assert.equal((await findActor(owner.id))?.id, owner.id);
  const log = await getDb().select({ action: auditEvents.action }).from(auditEvents).where(eq(auditEvents.personId, owner.id));
  assert.deepEqual(log.map((l) => l.action).sort(), ['person.deactivate', 'person.reactivate']);
});

test('roles: the last admin stays, a teacher of a class keeps the role until the class has another teacher, losing it deletes their templates', async () => {
  const { admin, otherTeacher, head, history } = await demoSchool();
  assert.match((await admin_.setRoles(admin, { userId: admin.id, roles: ['teacher'] })).error!, /from yourself/);
  assert.match((await admin_.setRoles(admin, { userId: head.id, roles: ['department_head'] })).error!, /Choose the department/);
  const photoKey = `${personFolder(otherTeacher.id)}/face-kept.img`;
  await getStorage().write(photoKey, Readable.from([Buffer.from('a kept photo')]));
  await getDb().insert(faceTemplates).values({ userId: otherTeacher.id, status: 'ready', descriptor: Array(128).fill(0.1), modelName: 'm', modelVersion: '1', photoKey, keepPhoto: true });
  await getDb().insert(voiceTemplates).values({ userId: otherTeacher.id, status: 'ready', embedding: Array(256).fill(0.1), modelName: 'm', modelVersion: '1', seconds: 30 });

  assert.match((await admin_.setRoles(admin, { userId: otherTeacher.id, roles: ['student'] })).error!, /teaches History 10B/);
  assert.ok((await admin_.changeClassTeacher(admin, { classId: history.id, teacherId: head.id })).ok);
  assert.ok((await admin_.setRoles(admin, { userId: otherTeacher.id, roles: ['department_head'], departmentId: head.departmentId! })).ok);
  assert.equal((await getDb().select().from(faceTemplates).where(eq(faceTemplates.userId, otherTeacher.id))).length, 0);
  assert.equal((await getDb().select().from(voiceTemplates).where(eq(voiceTemplates.userId, otherTeacher.id))).length, 0);
  assert.equal(existsSync(getStorage().locate(photoKey)), false, 'the kept photo went with its template');
  const [entry] = await getDb().select().from(auditEvents).where(and(eq(auditEvents.action, 'person.roles'), eq(auditEvents.personId, otherTeacher.id)));
  assert.equal(entry.detail, 'Teacher → Department head; face and voice templates deleted');
});

test('deleting a person takes everything personal; the lessons of others keep their figures; the audit log keeps what was done without the name', async () => {
  startWorker();
  const { admin, student, owner, head } = await demoSchool();
  const other = (await getDb().select().from(users).where(eq(users.email, 'ben.okafor@riverside.example')))[0];
  assert.ok((await admin_.addGuardian(admin, { studentId: student.id, name: 'Priya Patel', email: 'priya.patel@home.example' })).ok);
  assert.ok((await admin_.addGuardian(admin, { studentId: student.id, name: 'Sam Patel', email: 'family@home.example' })).ok);
  assert.ok((await admin_.addGuardian(admin, { studentId: other.id, name: 'Sam Patel', email: 'family@home.example' })).ok, 'a guardian of two students');
  await getDb().insert(signInAttempts).values({ email: student.email, ip: '10.0.0.9', succeeded: false });
  const lesson = await uploadLesson('Their class’s lesson', generateRecording(path.join(scratchDir(), 'class.mp4'), { seconds: 3 }));
  await runEnded(lesson.runId);
  const figures = JSON.stringify(await listLessonSeconds(lesson.runId));

  assert.match((await admin_.deletePerson(admin, { userId: student.id, confirmName: 'Ava' })).error!, /Type “Ava Patel”/);
  assert.ok((await admin_.deletePerson(admin, { userId: student.id, confirmName: 'ava patel' })).ok);
  assert.equal(await getPerson(student.id), null);
  assert.equal((await getDb().select().from(enrolments).where(eq(enrolments.studentId, student.id))).length, 0);
  assert.equal((await getDb().select().from(studentGuardians).where(eq(studentGuardians.studentId, student.id))).length, 0);
  assert.deepEqual((await getDb().select({ name: guardians.name }).from(guardians)).map((g) => g.name), ['Sam Patel'], 'a guardian left with no student goes; one of another student stays');
  assert.equal((await getDb().select().from(signInAttempts).where(eq(signInAttempts.email, student.email))).length, 0);
  assert.equal(JSON.stringify(await listLessonSeconds(lesson.runId)), figures, 'lesson figures never named them and stay as they were');
  const about = await getDb().select().from(auditEvents).where(eq(auditEvents.action, 'guardian.add'));
  assert.deepEqual([...new Set(about.map((e) => e.subject))].sort(), ['A deleted student', 'Ben Okafor']);
  assert.equal((await getDb().select().from(auditEvents).where(eq(auditEvents.subject, 'Ava Patel'))).length, 0, 'the name is nowhere in the log');

  // A teacher: their classes first, then they go with the lessons they recorded, their templates and their files.
  const photoKey = `${personFolder(owner.id)}/face-kept.img`;
  await getStorage().write(photoKey, Readable.from([Buffer.from('a kept photo')]));
  await getDb().insert(faceTemplates).values({ userId: owner.id, status: 'ready', descriptor: Array(128).fill(0.1), modelName: 'm', modelVersion: '1', photoKey, keepPhoto: true });
  assert.match((await admin_.deletePerson(admin, { userId: owner.id, confirmName: 'Alex Chen' })).error!, /teaches Physics 9A/);
  const [physics] = await getDb().select().from(lessons).where(eq(lessons.id, lesson.lessonId));
  assert.ok((await admin_.changeClassTeacher(admin, { classId: physics.classId, teacherId: head.id })).ok);
  assert.ok((await admin_.deletePerson(admin, { userId: owner.id, confirmName: 'Alex Chen' })).ok);
  assert.equal((await getDb().select().from(lessons).where(eq(lessons.teacherId, owner.id))).length, 0, 'their lessons went with them');
  assert.equal(existsSync(path.join(MEDIA, 'lessons', lesson.lessonId)), false);
  assert.equal(existsSync(path.join(MEDIA, personFolder(owner.id))), false, 'their own files too');
  assert.equal((await getDb().select().from(faceTemplates).where(eq(faceTemplates.userId, owner.id))).length, 0);
  const [deletion] = await getDb().select().from(auditEvents).where(and(eq(auditEvents.action, 'person.delete'), eq(auditEvents.subject, 'A deleted teacher')));
  assert.equal(deletion.detail, 'with 1 lesson, 1 face or voice template');
});
