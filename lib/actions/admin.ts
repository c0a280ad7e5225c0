import { z } from 'zod';
import { isAdmin } from '../access';
import { createOneTimeLink } from '../auth/tokens';
import {
  createClass as insertClass,
  createDepartment as insertDepartment,
  createPerson,
  enrolStudents as insertEnrolments,
  findUserByEmail,
  getClass,
  getDepartment,
  getPerson,
  saveSchoolSettings,
  unenrolStudent as deleteEnrolment,
} from '../db/queries';
import { STUDENT_FACE_READINGS } from '../analysis/face/types';
import { BLURRED_PLAYBACK_COPY, CONSENT_PARTIES } from '../db/schema';
import { ROLES } from '../roles';
import { WORDING_MODES } from '../wording';
import { PAPER_SIZES } from '../db/schema';
import { sendMail } from '../mail';
import type { Actor } from '../policy';
import { NOT_FOUND, type ActionResult } from './result';

const invitation = z.object({
  name: z.string().trim().min(1, 'Enter the person’s name.').max(120),
  email: z.string().trim().toLowerCase().email('Enter a valid email address.'),
  roles: z.array(z.enum(ROLES)).min(1, 'Choose at least one role.'),
  departmentId: z.string().optional(),
});

/** Creates the account and a one-time invite link (shown to the admin; emailed when SMTP is configured). */
export async function invitePerson(actor: Actor | null, input: Record<string, unknown>): Promise<ActionResult> {
  if (!isAdmin(actor)) return NOT_FOUND;
  const parsed = invitation.safeParse(input);
  if (!parsed.success) return { error: parsed.error.issues[0].message };
  const { name, email, roles } = parsed.data;
  let departmentId: string | null = null;
  if (roles.includes('department_head')) {
    const department = parsed.data.departmentId ? await getDepartment(parsed.data.departmentId) : null;
    if (!department || department.schoolId !== actor.schoolId) return { error: 'Choose the department this person heads.' };
    departmentId = department.id;
  }
  if (await findUserByEmail(email)) return { error: 'Someone with this email address already has an account.' };
  const person = await createPerson({ schoolId: actor.schoolId, email, name, roles, departmentId });
  const link = await createOneTimeLink(person.id, 'invite', actor.id);
  const mailed = await sendMail(email, 'Your LessonLens invitation', `Hello ${name},\n\nYou have been invited to LessonLens. Choose your password here (valid for 7 days):\n${link}\n`);
  return { ok: true, id: person.id, link, message: mailed ? `Invitation emailed to ${email}.` : `Share this one-time link with ${name}:` };
}

export async function createResetLink(actor: Actor | null, input: { userId: string }): Promise<ActionResult> {
  if (!isAdmin(actor)) return NOT_FOUND;
  const person = await getPerson(input.userId);
  if (!person || person.schoolId !== actor.schoolId) return NOT_FOUND;
  const kind = person.passwordHash ? 'reset' : 'invite';
  const link = await createOneTimeLink(person.id, kind, actor.id);
  return { ok: true, link, message: `One-time ${kind === 'reset' ? 'password reset' : 'invite'} link for ${person.name}:` };
}

const departmentInput = z.object({ name: z.string().trim().min(1, 'Enter a department name.').max(120) });

export async function createDepartment(actor: Actor | null, input: Record<string, unknown>): Promise<ActionResult> {
  if (!isAdmin(actor)) return NOT_FOUND;
  const parsed = departmentInput.safeParse(input);
  if (!parsed.success) return { error: parsed.error.issues[0].message };
  try {
    const department = await insertDepartment(actor.schoolId, parsed.data.name);
    return { ok: true, id: department.id, message: `Department “${parsed.data.name}” created.` };
  } catch {
    return { error: 'A department with this name already exists.' };
  }
}

const classInput = z.object({
  name: z.string().trim().min(1, 'Enter a class name.').max(120),
  subject: z.string().trim().min(1, 'Enter the subject.').max(120),
  departmentId: z.string(),
  teacherId: z.string(),
});

export async function createClass(actor: Actor | null, input: Record<string, unknown>): Promise<ActionResult> {
  if (!isAdmin(actor)) return NOT_FOUND;
  const parsed = classInput.safeParse(input);
  if (!parsed.success) return { error: parsed.error.issues[0].message };
  const [department, teacher] = await Promise.all([getDepartment(parsed.data.departmentId), getPerson(parsed.data.teacherId)]);
  if (!department || department.schoolId !== actor.schoolId) return { error: 'Choose a department.' };
  if (!teacher || teacher.schoolId !== actor.schoolId || !teacher.roles.includes('teacher')) return { error: 'Choose a teacher.' };
  const cls = await insertClass({ schoolId: actor.schoolId, ...parsed.data });
  return { ok: true, id: cls.id, message: `Class “${parsed.data.name}” created.` };
}

async function classOfSchool(actor: Actor, classId: string) {
  const cls = await getClass(classId);
  return cls && cls.schoolId === actor.schoolId ? cls : null;
}

export async function enrolStudents(actor: Actor | null, input: { classId: string; studentIds: string[] }): Promise<ActionResult> {
  if (!isAdmin(actor)) return NOT_FOUND;
  const cls = await classOfSchool(actor, input.classId);
  if (!cls) return NOT_FOUND;
  const students = await Promise.all(input.studentIds.map(getPerson));
  if (students.some((s) => !s || s.schoolId !== actor.schoolId || !s.roles.includes('student'))) return { error: 'Choose students of this school.' };
  await insertEnrolments(cls.id, input.studentIds);
  return { ok: true, message: `${input.studentIds.length} student(s) enrolled in ${cls.name}.` };
}

export async function unenrolStudent(actor: Actor | null, input: { classId: string; studentId: string }): Promise<ActionResult> {
  if (!isAdmin(actor)) return NOT_FOUND;
  const cls = await classOfSchool(actor, input.classId);
  if (!cls) return NOT_FOUND;
  await deleteEnrolment(cls.id, input.studentId);
  return { ok: true, message: 'Student removed from the class.' };
}

const schoolSettingsInput = z.object({
  faceDetector: z.enum(['ssd', 'tiny']),
  wording: z.enum(WORDING_MODES),
  keepTeacherThumbnails: z.boolean(),
  keepStudentThumbnails: z.boolean(),
  paperSize: z.enum(PAPER_SIZES).default('a4'),
  supersededRunRetentionDays: z.coerce.number().int().min(1).max(3650).optional(),
  consentGivenBy: z.enum(CONSENT_PARTIES).optional(),
  studentFaceReading: z.enum(STUDENT_FACE_READINGS).optional(),
  blurredPlaybackCopy: z.enum(BLURRED_PLAYBACK_COPY).optional(),
  studentSummaries: z.boolean().optional(),
});

/** Analysis and privacy settings of the admin's school; they apply to analyses run from now on. */
export async function updateSchoolSettings(actor: Actor | null, input: Record<string, unknown>): Promise<ActionResult> {
  if (!isAdmin(actor)) return NOT_FOUND;
  const parsed = schoolSettingsInput.safeParse(input);
  if (!parsed.success) {
    return { error: parsed.error.issues.some((i) => i.path[0] === 'supersededRunRetentionDays') ? 'Keep earlier analyses for 1 to 3650 days.' : 'Choose a value for every setting.' };
  }
  await saveSchoolSettings(actor.schoolId, parsed.data);
  return { ok: true, message: 'Settings saved. They apply to analyses and report versions made from now on.' };
}
