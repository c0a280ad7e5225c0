import { count } from 'drizzle-orm';
import { hashPassword } from '../auth/password';
import { getDb } from './client';
import type { Role } from '../roles';
import { classes, departments, enrolments, schools, users } from './schema';

export const DEMO_PASSWORD = process.env.DEMO_PASSWORD ?? 'lessonlens-demo';

export type DemoSignIn = { role: string; name: string; email: string };

export const DEMO_SIGN_INS: DemoSignIn[] = [
  { role: 'Admin', name: 'Morgan Admin', email: emailOf('Morgan Admin') },
  { role: 'Department head (Science)', name: 'Sam Rivera', email: emailOf('Sam Rivera') },
  { role: 'Teacher (Physics 9A)', name: 'Alex Chen', email: emailOf('Alex Chen') },
  { role: 'Teacher (History 10B)', name: 'Jordan Blake', email: emailOf('Jordan Blake') },
  { role: 'Student', name: 'Ava Patel', email: emailOf('Ava Patel') },
];

const STUDENT_NAMES = [
  'Ava Patel', 'Ben Okafor', 'Chloe Martin', 'Daniel Kim', 'Ella Novak', 'Finn Murphy',
  'Grace Li', 'Hugo Silva', 'Isla Brown', 'Jonah Weiss', 'Kira Sato', 'Leo Haddad',
];

function emailOf(name: string): string {
  return `${name.toLowerCase().replace(/[^a-z]+/g, '.')}@riverside.example`;
}

/** One demo school with people in every role, created only into an empty database. Returns whether it did. */
export async function seedDemoData(): Promise<boolean> {
  const db = getDb();
  const [{ n }] = await db.select({ n: count() }).from(schools);
  if (n > 0) return false;

  const passwordHash = await hashPassword(DEMO_PASSWORD);
  return db.transaction(async (tx) => {
    const [school] = await tx.insert(schools).values({ name: 'Riverside Academy' }).returning();
    const [science, humanities] = await tx
      .insert(departments)
      .values([{ schoolId: school.id, name: 'Science' }, { schoolId: school.id, name: 'Humanities' }])
      .returning();
    const person = async (name: string, roles: Role[], departmentId: string | null = null) => {
      const [user] = await tx
        .insert(users)
        .values({ schoolId: school.id, name, email: emailOf(name), roles, departmentId, passwordHash })
        .returning();
      return user;
    };
    await person('Morgan Admin', ['admin']);
    await person('Sam Rivera', ['department_head', 'teacher'], science.id);
    const physics = await person('Alex Chen', ['teacher']);
    const history = await person('Jordan Blake', ['teacher']);
    const students = [];
    for (const name of STUDENT_NAMES) students.push(await person(name, ['student']));

    const [physicsClass, historyClass] = await tx
      .insert(classes)
      .values([
        { schoolId: school.id, departmentId: science.id, teacherId: physics.id, name: 'Physics 9A', subject: 'Physics' },
        { schoolId: school.id, departmentId: humanities.id, teacherId: history.id, name: 'History 10B', subject: 'History' },
      ])
      .returning();
    await tx.insert(enrolments).values([
      ...students.slice(0, 7).map((s) => ({ classId: physicsClass.id, studentId: s.id })),
      ...students.slice(5).map((s) => ({ classId: historyClass.id, studentId: s.id })),
    ]);
    return true;
  });
}
