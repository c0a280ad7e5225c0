import { z } from 'zod';
import { parseCsv } from '../../csv';
import { ROLE_NAMES, type Role } from '../../roles';

/**
 * A roster file: one row per class, teacher, student or guardian. Columns,
 * in any order (the first line names them):
 *
 *   role        class | teacher | student | guardian
 *   name        the class's or the person's name
 *   email       the person's email (teachers, students, guardians)
 *   subject     a class's subject
 *   department  a class's department (created when the school has none of that name)
 *   teacher     a class's teacher, by email (a teacher of the school or of the file)
 *   classes     a student's classes, by name, separated by ";"
 *   students    a guardian's students, by email, separated by ";"
 *
 * The import adds and updates, never removes: importing the same file again
 * changes nothing.
 */
export const ROSTER_COLUMNS = ['role', 'name', 'email', 'subject', 'department', 'teacher', 'classes', 'students'] as const;
type Column = (typeof ROSTER_COLUMNS)[number];
/** A small file in this format (shown on the import page). */
export const ROSTER_EXAMPLE = `role,name,email,subject,department,teacher,classes,students
teacher,Rosa Diaz,rosa.diaz@school.example,,,,,
class,Chemistry 11C,,Chemistry,Science,rosa.diaz@school.example,,
student,Omar Haddad,omar.haddad@school.example,,,,Chemistry 11C,
guardian,Lina Haddad,lina.haddad@home.example,,,,,omar.haddad@school.example`;

export const ROSTER_ROLES = ['class', 'teacher', 'student', 'guardian'] as const;
type RosterRole = (typeof ROSTER_ROLES)[number];

export const MAX_ROSTER_ROWS = 5000;

/** What the school has now, as the plan needs it (names and emails compared case-insensitively). */
export type RosterState = {
  people: { id: string; email: string; name: string; roles: Role[] }[];
  departments: { id: string; name: string }[];
  classes: { id: string; name: string; subject: string; departmentId: string; teacherId: string }[];
  enrolments: { classId: string; studentId: string }[];
  guardians: { id: string; email: string; name: string }[];
  guardianLinks: { guardianId: string; studentId: string }[];
};

/** Writes, by names and emails (what the file knows); the import resolves them to rows in order. */
export type RosterWrite =
  | { kind: 'department'; name: string }
  | { kind: 'person'; role: 'teacher' | 'student'; name: string; email: string }
  | { kind: 'rename-person'; email: string; name: string }
  | { kind: 'class'; name: string; subject: string; department: string; teacherEmail: string }
  | { kind: 'update-class'; name: string; subject: string; department: string; teacherEmail: string }
  | { kind: 'enrol'; className: string; studentEmail: string }
  | { kind: 'guardian'; name: string; email: string }
  | { kind: 'rename-guardian'; email: string; name: string }
  | { kind: 'link-guardian'; guardianEmail: string; studentEmail: string };

export type RowStatus = 'create' | 'change' | 'unchanged' | 'error';

/** One line of the file as the preview shows it. */
export type RosterRow = { line: number; role: string; label: string; status: RowStatus; changes: string[]; error: string | null };

export type RosterPlan = {
  /** A problem with the whole file (no header, too many rows); nothing else is planned then. */
  fileError: string | null;
  rows: RosterRow[];
  counts: Record<RowStatus, number>;
  writes: RosterWrite[];
};

const key = (text: string) => text.trim().toLowerCase();
const list = (text: string) => text.split(';').map((s) => s.trim()).filter(Boolean);
const email = z.string().email();
const ROLE_WORDS = `${ROSTER_ROLES.slice(0, -1).join(', ')} or ${ROSTER_ROLES.at(-1)}`;

function emptyPlan(fileError: string | null): RosterPlan {
  return { fileError, rows: [], counts: { create: 0, change: 0, unchanged: 0, error: 0 }, writes: [] };
}

/** Plans a roster file against the school's state: per row, what will be created or changed, or why the row cannot be imported. Pure. */
export function planRoster(text: string, state: RosterState): RosterPlan {
  const records = parseCsv(text);
  if (records.length === 0) return emptyPlan('The file is empty.');
  const header = records[0];
  if (!header.fields) return emptyPlan(`Line 1 (the column names) cannot be read: ${header.problem}`);
  const columns = header.fields.map((f) => f.toLowerCase().replace(/[^a-z]/g, ''));
  const missing = (['role', 'name'] as const).filter((c) => !columns.includes(c));
  if (missing.length) return emptyPlan(`The first line must name the columns (${ROSTER_COLUMNS.join(', ')}); it has no ${missing.join(' or ')} column.`);
  if (records.length - 1 > MAX_ROSTER_ROWS) return emptyPlan(`The file has ${records.length - 1} rows; import at most ${MAX_ROSTER_ROWS} at a time.`);

  const people = new Map(state.people.map((p) => [key(p.email), p]));
  const departments = new Map(state.departments.map((d) => [key(d.name), d]));
  const departmentNames = new Map(state.departments.map((d) => [d.id, d.name]));
  const classes = new Map(state.classes.map((c) => [key(c.name), c]));
  const guardians = new Map(state.guardians.map((g) => [key(g.email), g]));
  const enrolled = new Set(state.enrolments.map((e) => `${e.classId}|${e.studentId}`));
  const linked = new Set(state.guardianLinks.map((l) => `${l.guardianId}|${l.studentId}`));
  const emailOf = new Map(state.people.map((p) => [p.id, p.email]));

  type Row = { line: number; get(c: Column): string };
  const rows: Row[] = [];
  const plan = emptyPlan(null);
  const outcome = (row: RosterRow) => {
    plan.rows.push(row);
    plan.counts[row.status]++;
  };
  for (const record of records.slice(1)) {
    if (!record.fields) {
      outcome({ line: record.line, role: '', label: '', status: 'error', changes: [], error: `Malformed line: ${record.problem}` });
      continue;
    }
    if (record.fields.length !== columns.length) {
      const fields = record.fields;
      const name = fields[columns.indexOf('name')] ?? '';
      outcome({ line: record.line, role: fields[columns.indexOf('role')] ?? '', label: name, status: 'error', changes: [], error: `Malformed line: ${fields.length} field${fields.length === 1 ? '' : 's'} where the first line names ${columns.length}.` });
      continue;
    }
    const fields = record.fields;
    rows.push({ line: record.line, get: (c) => fields[columns.indexOf(c)] ?? '' });
  }

  // The first row of a class name or an email wins; later ones are duplicates.
  const firstClassLine = new Map<string, number>();
  const firstEmailLine = new Map<string, number>();
  const emailKeyOf = (role: string, mail: string) => `${role === 'guardian' ? 'guardian' : 'person'}|${key(mail)}`;
  for (const row of rows) {
    const role = key(row.get('role'));
    if (role === 'class') {
      if (!firstClassLine.has(key(row.get('name')))) firstClassLine.set(key(row.get('name')), row.line);
    } else if (row.get('email') && !firstEmailLine.has(emailKeyOf(role, row.get('email')))) {
      firstEmailLine.set(emailKeyOf(role, row.get('email')), row.line);
    }
  }
  // Rows are planned in the order they depend on each other (a class needs its teacher, a student their classes, a
  // guardian their students), so a row may name one further down the file; only rows that will be imported count.
  const acceptedTeachers = new Set<string>();
  const acceptedClasses = new Set<string>();
  const acceptedStudents = new Set<string>();
  const isTeacher = (mail: string) => acceptedTeachers.has(key(mail)) || !!people.get(key(mail))?.roles.includes('teacher');
  const isStudent = (mail: string) => acceptedStudents.has(key(mail)) || !!people.get(key(mail))?.roles.includes('student');
  const isClass = (name: string) => acceptedClasses.has(key(name)) || classes.has(key(name));
  const ORDER: Record<string, number> = { teacher: 0, class: 1, student: 2, guardian: 3 };
  const byDependency = [...rows].sort((a, b) => (ORDER[key(a.get('role'))] ?? 4) - (ORDER[key(b.get('role'))] ?? 4) || a.line - b.line);

  const seenDepartments = new Set<string>();
  for (const row of byDependency) {
    const role = key(row.get('role')) as RosterRole;
    const name = row.get('name');
    const error = (message: string) => outcome({ line: row.line, role, label: name, status: 'error', changes: [], error: message });
    if (!(ROSTER_ROLES as readonly string[]).includes(role)) {
      error(row.get('role') ? `Unknown role “${row.get('role')}”: use ${ROLE_WORDS}.` : `No role: use ${ROLE_WORDS}.`);
      continue;
    }
    if (!name || name.length > 120) {
      error(name ? 'The name is longer than 120 characters.' : 'No name.');
      continue;
    }

    if (role === 'class') {
      if (firstClassLine.get(key(name)) !== row.line) {
        error(`Duplicate class: “${name}” is also on line ${firstClassLine.get(key(name))}.`);
        continue;
      }
      const subject = row.get('subject');
      const department = row.get('department');
      const teacherEmail = row.get('teacher');
      if (!subject || !department) {
        error(`A class needs a ${!subject ? 'subject' : 'department'}.`);
        continue;
      }
      if (!teacherEmail || !isTeacher(teacherEmail)) {
        error(teacherEmail ? `Unknown teacher ${teacherEmail}: add a teacher row for them, or invite them first.` : 'A class needs its teacher’s email.');
        continue;
      }
      const changes: string[] = [];
      const departmentKnown = departments.has(key(department)) || seenDepartments.has(key(department));
      if (!departmentKnown) {
        plan.writes.push({ kind: 'department', name: department });
        seenDepartments.add(key(department));
        changes.push(`creates the department ${department}`);
      }
      acceptedClasses.add(key(name));
      const existing = classes.get(key(name));
      const write = { name, subject, department, teacherEmail };
      if (!existing) {
        plan.writes.push({ kind: 'class', ...write });
        outcome({ line: row.line, role, label: name, status: 'create', changes: [`new class (${subject}, ${department}, taught by ${teacherEmail})`, ...changes], error: null });
        continue;
      }
      if (existing.subject !== subject) changes.push(`subject ${existing.subject} → ${subject}`);
      if (key(departmentNames.get(existing.departmentId) ?? '') !== key(department)) changes.push(`department ${departmentNames.get(existing.departmentId)} → ${department}`);
      if (key(emailOf.get(existing.teacherId) ?? '') !== key(teacherEmail)) changes.push(`teacher ${emailOf.get(existing.teacherId)} → ${teacherEmail}`);
      if (changes.length) plan.writes.push({ kind: 'update-class', ...write });
      outcome({ line: row.line, role, label: name, status: changes.length ? 'change' : 'unchanged', changes, error: null });
      continue;
    }

    const mail = row.get('email');
    if (!email.safeParse(mail).success) {
      error(mail ? `“${mail}” is not an email address.` : 'No email.');
      continue;
    }
    const firstLine = firstEmailLine.get(emailKeyOf(role, mail));
    if (firstLine !== row.line) {
      error(`Duplicate email: ${mail} is also on line ${firstLine}.`);
      continue;
    }

    if (role === 'guardian') {
      const students = list(row.get('students'));
      const unknown = students.filter((s) => !isStudent(s));
      if (students.length === 0) {
        error('A guardian needs the email of at least one student (column students).');
        continue;
      }
      if (unknown.length) {
        error(`Unknown student${unknown.length === 1 ? '' : 's'} ${unknown.join(', ')}: add a student row, or check the email.`);
        continue;
      }
      const existing = guardians.get(key(mail));
      const changes: string[] = [];
      if (!existing) plan.writes.push({ kind: 'guardian', name, email: mail });
      else if (existing.name !== name) {
        plan.writes.push({ kind: 'rename-guardian', email: mail, name });
        changes.push(`name ${existing.name} → ${name}`);
      }
      for (const student of students) {
        const studentId = people.get(key(student))?.id;
        if (existing && studentId && linked.has(`${existing.id}|${studentId}`)) continue;
        plan.writes.push({ kind: 'link-guardian', guardianEmail: mail, studentEmail: student });
        changes.push(`guardian of ${student}`);
      }
      outcome({ line: row.line, role, label: name, status: !existing ? 'create' : changes.length ? 'change' : 'unchanged', changes: !existing ? [`new guardian (${mail})`, ...changes] : changes, error: null });
      continue;
    }

    // Teachers and students.
    const existing = people.get(key(mail));
    if (existing && !existing.roles.includes(role)) {
      error(`${mail} already has an account as ${existing.roles.map((r) => ROLE_NAMES[r]).join(', ')}; change roles on the person’s page.`);
      continue;
    }
    const classNames = role === 'student' ? list(row.get('classes')) : [];
    const unknownClasses = classNames.filter((c) => !isClass(c));
    if (unknownClasses.length) {
      error(`Unknown class${unknownClasses.length === 1 ? '' : 'es'} ${unknownClasses.map((c) => `“${c}”`).join(', ')}: add a class row, or create it on the Classes page.`);
      continue;
    }
    (role === 'teacher' ? acceptedTeachers : acceptedStudents).add(key(mail));
    const changes: string[] = [];
    if (!existing) plan.writes.push({ kind: 'person', role, name, email: mail });
    else if (existing.name !== name) {
      plan.writes.push({ kind: 'rename-person', email: mail, name });
      changes.push(`name ${existing.name} → ${name}`);
    }
    for (const className of classNames) {
      const classId = classes.get(key(className))?.id;
      if (existing && classId && enrolled.has(`${classId}|${existing.id}`)) continue;
      plan.writes.push({ kind: 'enrol', className, studentEmail: mail });
      changes.push(`enrolled in ${className}`);
    }
    outcome({
      line: row.line,
      role,
      label: name,
      status: !existing ? 'create' : changes.length ? 'change' : 'unchanged',
      changes: !existing ? [`new ${ROLE_NAMES[role].toLowerCase()} account (${mail})`, ...changes] : changes,
      error: null,
    });
  }
  plan.rows.sort((a, b) => a.line - b.line);
  return plan;
}
