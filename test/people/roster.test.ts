import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { and, count, eq, sql } from 'drizzle-orm';
import { getDb } from '../../lib/db/client';
import { auditEvents, classes, departments, enrolments, guardians, studentGuardians, users } from '../../lib/db/schema';
import { importRoster, previewRoster } from '../../lib/people/roster/import';
import { planRoster, type RosterState } from '../../lib/people/roster/plan';
import { useTestDatabase } from '../helpers/database';
import { demoSchool } from '../helpers/fixtures';

useTestDatabase();

const FILE = readFileSync('test/fixtures/roster/good-and-bad.csv', 'utf8');

const EMPTY: RosterState = { people: [], departments: [], classes: [], enrolments: [], guardians: [], guardianLinks: [] };

test('the parser and planner: quoted fields, line breaks in quotes, a missing header, rows that refer further down the file', () => {
  assert.match(planRoster('', EMPTY).fileError!, /empty/);
  assert.match(planRoster('name,email\nA,a@b.example\n', EMPTY).fileError!, /no role column/);
  const plan = planRoster(
    [
      'Role,Name,Email,Classes,Subject,Department,Teacher',
      'student,"Smith, Jo",jo@x.example,"Maths ""A""",,,',
      'class,"Maths ""A""",,,Maths,"Science',
      'and more",t@x.example',
      'teacher,Tee,t@x.example,,,,',
    ].join('\r\n'),
    EMPTY,
  );
  assert.equal(plan.fileError, null);
  assert.deepEqual(
    plan.rows.map((r) => [r.line, r.status, r.label]),
    [
      [2, 'create', 'Smith, Jo'],
      [3, 'create', 'Maths "A"'],
      [5, 'create', 'Tee'],
    ],
  );
  assert.ok(plan.rows[1].changes.some((c) => c.includes('Science\nand more')), 'a quoted line break stays in the field');
  assert.deepEqual(
    plan.writes.map((w) => w.kind),
    ['person', 'department', 'class', 'person', 'enrol'],
    'planned in dependency order: the teacher, the class, then the student and their class',
  );
});

test('preview of a file with good and bad rows: counts and a sentence per bad row, nothing written', async () => {
  await demoSchool();
  const { admin } = await demoSchool();
  const tables = async () => {
    const db = getDb();
    const n = async (table: typeof users | typeof classes | typeof departments | typeof enrolments | typeof guardians | typeof studentGuardians) => (await db.select({ n: count() }).from(table))[0].n;
    return { users: await n(users), classes: await n(classes), departments: await n(departments), enrolments: await n(enrolments), guardians: await n(guardians), links: await n(studentGuardians) };
  };
  const before = await tables();
  const plan = await previewRoster(admin.schoolId, FILE);
  assert.deepEqual(await tables(), before, 'a preview writes nothing');
  assert.deepEqual(plan.counts, { create: 5, change: 1, unchanged: 1, error: 7 });
  const byLine = new Map(plan.rows.map((r) => [r.line, r]));
  assert.equal(byLine.get(2)!.status, 'create');
  assert.equal(byLine.get(4)!.status, 'create');
  assert.ok(byLine.get(4)!.changes.includes('creates the department Creative Arts'));
  assert.deepEqual(byLine.get(5)!.changes, ['new student account (omar.haddad@riverside.example)', 'enrolled in Chemistry 11C', 'enrolled in Physics 9A']);
  assert.deepEqual([byLine.get(6)!.status, byLine.get(6)!.changes], ['change', ['enrolled in Chemistry 11C']]);
  const errors = Object.fromEntries(plan.rows.filter((r) => r.status === 'error').map((r) => [r.line, r.error]));
  assert.deepEqual(errors, {
    8: 'Unknown class “Biology 12Z”: add a class row, or create it on the Classes page.',
    9: 'Duplicate email: OMAR.HADDAD@riverside.example is also on line 5.',
    10: 'Unknown role “techer”: use class, teacher, student or guardian.',
    11: 'Malformed line: A quoted field is never closed.',
    12: 'Malformed line: 3 fields where the first line names 8.',
    14: 'Unknown student ghost@riverside.example: add a student row, or check the email.',
    15: 'jordan.blake@riverside.example already has an account as Teacher; change roles on the person’s page.',
  });
  assert.equal(byLine.get(13)!.status, 'unchanged', 'an existing teacher as they are');
});

test('importing writes the good rows in one go, and importing the same file again changes nothing', async () => {
  const { admin, physics } = await demoSchool();
  const db = getDb();
  const first = await importRoster(admin, FILE, 'roster.csv');
  assert.deepEqual(first.counts, { create: 5, change: 1, unchanged: 1, error: 7 });
  const [omar] = await db.select().from(users).where(eq(users.email, 'omar.haddad@riverside.example'));
  assert.deepEqual(omar.roles, ['student']);
  assert.equal(omar.passwordHash, null, 'a new account waits for its invitation');
  const [chemistry] = await db.select().from(classes).where(eq(classes.name, 'Chemistry 11C'));
  const omarClasses = await db.select({ classId: enrolments.classId }).from(enrolments).where(eq(enrolments.studentId, omar.id));
  assert.deepEqual(omarClasses.map((e) => e.classId).sort(), [chemistry.id, physics.id].sort());
  const [lina] = await db.select().from(guardians).where(eq(guardians.email, 'lina.haddad@home.example'));
  assert.equal((await db.select().from(studentGuardians).where(and(eq(studentGuardians.guardianId, lina.id), eq(studentGuardians.studentId, omar.id)))).length, 1);
  assert.equal((await db.select().from(departments).where(eq(departments.name, 'Creative Arts'))).length, 1);
  assert.equal((await db.select().from(users).where(sql`lower(${users.email}) = 'zed@riverside.example'`)).length, 0, 'a row with an error is not imported');

  const snapshot = async () => JSON.stringify(await Promise.all([users, classes, departments, enrolments, guardians, studentGuardians].map((t) => db.select().from(t).orderBy(sql`1`))));
  const entries = async () => (await db.select({ n: count() }).from(auditEvents).where(eq(auditEvents.action, 'roster.import')))[0].n;
  const [state, audited] = [await snapshot(), await entries()];
  assert.equal(audited, 1, 'the import is in the audit log');
  const second = await importRoster(admin, FILE, 'roster.csv');
  assert.deepEqual(second.counts, { create: 0, change: 0, unchanged: 7, error: 7 });
  assert.equal(await snapshot(), state, 'the second import changed no row');
  assert.equal(await entries(), 1, 'and wrote no audit entry');
});
