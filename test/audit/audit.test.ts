import assert from 'node:assert/strict';
import { test } from 'node:test';
import { and, count, eq, sql } from 'drizzle-orm';
import { audit } from '../../lib/audit/log';
import { auditCsv, auditFiltersFrom, listAuditEvents } from '../../lib/audit/read';
import { deleteExpiredAuditEvents } from '../../lib/audit/sweep';
import { getDb } from '../../lib/db/client';
import { getLesson, saveSchoolSettings } from '../../lib/db/queries';
import { auditEvents } from '../../lib/db/schema';
import { useTestDatabase } from '../helpers/database';
import { demoSchool } from '../helpers/fixtures';

useTestDatabase();

const entries = async (action: string) => (await getDb().select({ n: count() }).from(auditEvents).where(eq(auditEvents.action, action)))[0].n;

async function text(lines: AsyncIterable<string>): Promise<string> {
  let all = '';
  for await (const line of lines) all += line;
  return all;
}

test('a change is written every time; a read once per person, subject and detail within 10 minutes', async () => {
  const { owner, head, newLesson } = await demoSchool();
  const lesson = (await getLesson((await newLesson('Audited')).id))!;
  const db = getDb();
  await audit(db, owner, 'lesson.share', { lesson });
  await audit(db, owner, 'lesson.share', { lesson });
  assert.equal(await entries('lesson.share'), 2);
  for (let i = 0; i < 3; i++) await audit(db, owner, 'lesson.view', { lesson });
  await Promise.all([audit(db, head, 'lesson.view', { lesson }), audit(db, head, 'lesson.view', { lesson })]);
  assert.equal(await entries('lesson.view'), 2, 'one entry per person, even for requests at the same moment');
  await db.update(auditEvents).set({ at: sql`${auditEvents.at} - interval '11 minutes'` }).where(and(eq(auditEvents.action, 'lesson.view'), eq(auditEvents.actorId, owner.id)));
  await audit(db, owner, 'lesson.view', { lesson });
  assert.equal(await entries('lesson.view'), 3, 'a visit more than 10 minutes later is a new entry');
  for (const detail of ['version 1', 'version 1', 'version 2']) await audit(db, owner, 'report.pdf', { lesson }, detail);
  assert.equal(await entries('report.pdf'), 2, 'another version’s PDF is another entry; the same one again is not');
  const [row] = await db.select().from(auditEvents).where(eq(auditEvents.action, 'lesson.share')).limit(1);
  assert.equal(row.subject, 'Audited · Physics 9A · 2026-11-20');
  assert.equal(row.actorName, 'Alex Chen');
});

test('filters (person, lesson, action, dates), pages, and the CSV export of thousands of entries', async () => {
  const { owner, head, admin, student, newLesson } = await demoSchool();
  const db = getDb();
  const lesson = (await getLesson((await newLesson('Filtered')).id))!;
  await db.delete(auditEvents);
  const day = (d: string) => new Date(`${d}T12:00:00`);
  const base = { schoolId: admin.schoolId, subject: 'Probe' };
  await db.insert(auditEvents).values([
    { ...base, at: day('2026-01-05'), actorId: owner.id, actorName: owner.name, action: 'lesson.view', lessonId: lesson.id },
    { ...base, at: day('2026-01-06'), actorId: head.id, actorName: head.name, action: 'lesson.view', lessonId: lesson.id },
    { ...base, at: day('2026-01-07'), actorId: admin.id, actorName: admin.name, action: 'enrolment.add', personId: student.id, subject: '=HYPERLINK("x")' },
  ]);
  const find = async (params: Record<string, string>) => (await listAuditEvents(admin.schoolId, auditFiltersFrom(params), 1)).rows.map((r) => r.action + '/' + r.actorName);
  assert.deepEqual(await find({ lesson: lesson.id }), ['lesson.view/Sam Rivera', 'lesson.view/Alex Chen']);
  assert.deepEqual(await find({ person: head.id }), ['lesson.view/Sam Rivera']);
  assert.deepEqual(await find({ person: student.id }), ['enrolment.add/Morgan Admin'], 'a person filter finds entries about them too');
  assert.deepEqual(await find({ action: 'enrolment.add', from: '2026-01-07', to: '2026-01-07' }), ['enrolment.add/Morgan Admin']);
  assert.deepEqual(await find({ from: '2026-01-06', to: '2026-01-06' }), ['lesson.view/Sam Rivera'], 'the range holds whole days');
  assert.deepEqual(await find({ action: 'not-an-action', person: 'x', from: 'yesterday' }).then((r) => r.length >= 3), true, 'malformed filters are left out');

  const csv = await text(auditCsv(admin.schoolId, auditFiltersFrom({ action: 'enrolment.add' })));
  assert.equal(csv, 'time (UTC),person,action,about,detail\r\n' + `${day('2026-01-07').toISOString()},Morgan Admin,Enrolled a student in a class,"'=HYPERLINK(""x"")",\r\n`, 'a formula is not run by a spreadsheet');

  await db.insert(auditEvents).values(
    Array.from({ length: 2345 }, (_, i) => ({ ...base, at: new Date(Date.UTC(2025, 5, 1) + Math.floor(i / 3) * 1000), actorId: owner.id, actorName: owner.name, action: 'dashboard.view' })),
  );
  const page = await listAuditEvents(admin.schoolId, auditFiltersFrom({ action: 'dashboard.view' }), 3);
  assert.equal(page.total, 2345);
  assert.equal(page.rows.length, 50);
  const lines = (await text(auditCsv(admin.schoolId, auditFiltersFrom({ action: 'dashboard.view' })))).trim().split('\r\n');
  assert.equal(lines.length, 2346, 'every entry once, entries sharing a millisecond included');
});

test('the sweep deletes entries older than the school keeps them', async () => {
  const { admin } = await demoSchool();
  const db = getDb();
  await db.delete(auditEvents);
  const now = new Date('2027-06-01T00:00:00Z');
  const ago = (days: number) => new Date(now.getTime() - days * 86_400_000);
  const base = { schoolId: admin.schoolId, actorId: admin.id, actorName: admin.name, action: 'settings.change', subject: 'School settings' };
  await db.insert(auditEvents).values([{ ...base, at: ago(400) }, { ...base, at: ago(366) }, { ...base, at: ago(364) }, { ...base, at: ago(10) }]);
  assert.equal(await deleteExpiredAuditEvents(now), 2, 'a year by default');
  await saveSchoolSettings(admin.schoolId, { auditRetentionDays: 30 });
  assert.equal(await deleteExpiredAuditEvents(now), 1);
  assert.deepEqual((await db.select({ at: auditEvents.at }).from(auditEvents)).map((r) => r.at.toISOString()), [ago(10).toISOString()]);
});
