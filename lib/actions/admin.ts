import { z } from 'zod';
import { isAdmin } from '../access';
import { audit } from '../audit/log';
import { createOneTimeLink } from '../auth/tokens';
import { withTransaction } from '../db/client';
import {
  createClass as insertClass,
  createDepartment as insertDepartment,
  createPerson,
  enrolStudents as insertEnrolments,
  findUserByEmail,
  getClass,
  getDepartment,
  getPerson,
  getSchool,
  saveSchoolSettings,
  setClassTeacher,
  unenrolStudent as deleteEnrolment,
} from '../db/queries';
import { STUDENT_FACE_READINGS } from '../analysis/face/types';
import { BLURRED_PLAYBACK_COPY, CONSENT_PARTIES, CONSENTED_STUDENT_MARKERS, DEFAULT_SCHOOL_SETTINGS, PAPER_SIZES, type SchoolSettings } from '../db/schema';
import { setAccountActive, setRoles as updateRoles } from '../people/accounts';
import { deletePerson as erasePerson } from '../people/delete-person';
import { addGuardian as linkGuardian, removeGuardian as unlinkGuardian } from '../people/guardians';
import { importRoster as writeRoster, previewRoster as planRoster } from '../people/roster/import';
import type { RosterPlan } from '../people/roster/plan';
import { ROLES } from '../roles';
import { WORDING_MODES } from '../wording';
import { sendMail } from '../mail';
import type { Actor } from '../policy';
import { NOT_FOUND, type ActionResult } from './result';

const name = z.string().trim().min(1, 'Enter the person’s name.').max(120);
const email = z.string().trim().toLowerCase().email('Enter a valid email address.');
const roleChoice = z.object({ roles: z.array(z.enum(ROLES)).min(1, 'Choose at least one role.'), departmentId: z.string().optional() });
const invitation = roleChoice.extend({ name, email });

/** The department a new or changed department head leads: a department of the admin's school, or a sentence. */
async function headedDepartment(actor: Actor, roles: string[], departmentId: string | undefined): Promise<{ id: string | null } | { error: string }> {
  if (!roles.includes('department_head')) return { id: null };
  const department = departmentId ? await getDepartment(departmentId) : null;
  if (!department || department.schoolId !== actor.schoolId) return { error: 'Choose the department this person heads.' };
  return { id: department.id };
}

/** Creates the account and a one-time invite link (shown to the admin; emailed when SMTP is configured). */
export async function invitePerson(actor: Actor | null, input: Record<string, unknown>): Promise<ActionResult> {
  if (!isAdmin(actor)) return NOT_FOUND;
  const parsed = invitation.safeParse(input);
  if (!parsed.success) return { error: parsed.error.issues[0].message };
  const { name, email, roles } = parsed.data;
  const department = await headedDepartment(actor, roles, parsed.data.departmentId);
  if ('error' in department) return department;
  if (await findUserByEmail(email)) return { error: 'Someone with this email address already has an account.' };
  const person = await withTransaction(async (tx) => {
    const created = await createPerson({ schoolId: actor.schoolId, email, name, roles, departmentId: department.id }, tx);
    await audit(tx, actor, 'person.invite', { person: { id: created.id, name } }, roles.join(', '));
    return created;
  });
  const link = await createOneTimeLink(person.id, 'invite', actor.id);
  const mailed = await sendMail(email, 'Your LessonLens invitation', `Hello ${name},\n\nYou have been invited to LessonLens. Choose your password here (valid for 7 days):\n${link}\n`);
  return { ok: true, id: person.id, link, message: mailed ? `Invitation emailed to ${email}.` : `Share this one-time link with ${name}:` };
}

/** A person of the admin's school, or null. */
async function personOfSchool(actor: Actor, userId: string) {
  const person = await getPerson(userId);
  return person && person.schoolId === actor.schoolId ? person : null;
}

export async function createResetLink(actor: Actor | null, input: { userId: string }): Promise<ActionResult> {
  if (!isAdmin(actor)) return NOT_FOUND;
  const person = await personOfSchool(actor, input.userId);
  if (!person) return NOT_FOUND;
  if (person.disabledAt) return { error: `${person.name}’s account is deactivated. Reactivate it first.` };
  const kind = person.passwordHash ? 'reset' : 'invite';
  const link = await createOneTimeLink(person.id, kind, actor.id);
  return { ok: true, link, message: `One-time ${kind === 'reset' ? 'password reset' : 'invite'} link for ${person.name}:` };
}

export async function setRoles(actor: Actor | null, input: { userId: string; roles: string[]; departmentId?: string }): Promise<ActionResult> {
  if (!isAdmin(actor)) return NOT_FOUND;
  const person = await personOfSchool(actor, input.userId);
  if (!person) return NOT_FOUND;
  const parsed = roleChoice.safeParse(input);
  if (!parsed.success) return { error: parsed.error.issues[0].message };
  const department = await headedDepartment(actor, parsed.data.roles, parsed.data.departmentId);
  if ('error' in department) return department;
  const problem = await updateRoles(actor, person, parsed.data.roles, department.id);
  return problem ? { error: problem } : { ok: true, message: `${person.name}’s roles are saved.` };
}

export async function setActive(actor: Actor | null, input: { userId: string; active: boolean }): Promise<ActionResult> {
  if (!isAdmin(actor)) return NOT_FOUND;
  const person = await personOfSchool(actor, input.userId);
  if (!person) return NOT_FOUND;
  const problem = await setAccountActive(actor, person, input.active);
  if (problem) return { error: problem };
  return { ok: true, message: input.active ? `${person.name} can sign in again.` : `${person.name} is signed out everywhere and can no longer sign in. Nothing of theirs was deleted.` };
}

/** `confirmName`: the admin typed the person's name, so a click alone deletes no one. */
export async function deletePerson(actor: Actor | null, input: { userId: string; confirmName: string }): Promise<ActionResult> {
  if (!isAdmin(actor)) return NOT_FOUND;
  const person = await personOfSchool(actor, input.userId);
  if (!person) return NOT_FOUND;
  if (input.confirmName.trim().toLowerCase() !== person.name.trim().toLowerCase()) return { error: `Type “${person.name}” to confirm.` };
  const problem = await erasePerson(actor, person);
  return problem ? { error: problem } : { ok: true, message: `${person.name} and everything personal of theirs were deleted.` };
}

const guardianInput = z.object({ name, email });

export async function addGuardian(actor: Actor | null, input: { studentId: string; name: string; email: string }): Promise<ActionResult> {
  if (!isAdmin(actor)) return NOT_FOUND;
  const student = await personOfSchool(actor, input.studentId);
  if (!student) return NOT_FOUND;
  if (!student.roles.includes('student')) return { error: 'Guardians are recorded for students.' };
  const parsed = guardianInput.safeParse(input);
  if (!parsed.success) return { error: parsed.error.issues[0].message };
  await linkGuardian(actor, student, parsed.data);
  return { ok: true, message: `${parsed.data.name} is recorded as ${student.name}’s guardian.` };
}

export async function removeGuardian(actor: Actor | null, input: { studentId: string; guardianId: string }): Promise<ActionResult> {
  if (!isAdmin(actor)) return NOT_FOUND;
  const student = await personOfSchool(actor, input.studentId);
  if (!student) return NOT_FOUND;
  return (await unlinkGuardian(actor, student, input.guardianId)) ? { ok: true, message: 'Guardian removed.' } : { error: 'That guardian is not linked to this student.' };
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

/** A teacher of the admin's school, or null. */
async function teacherOfSchool(actor: Actor, userId: string) {
  const teacher = await personOfSchool(actor, userId);
  return teacher && teacher.roles.includes('teacher') ? teacher : null;
}

export async function createClass(actor: Actor | null, input: Record<string, unknown>): Promise<ActionResult> {
  if (!isAdmin(actor)) return NOT_FOUND;
  const parsed = classInput.safeParse(input);
  if (!parsed.success) return { error: parsed.error.issues[0].message };
  const [department, teacher] = await Promise.all([getDepartment(parsed.data.departmentId), teacherOfSchool(actor, parsed.data.teacherId)]);
  if (!department || department.schoolId !== actor.schoolId) return { error: 'Choose a department.' };
  if (!teacher) return { error: 'Choose a teacher.' };
  const cls = await insertClass({ schoolId: actor.schoolId, ...parsed.data });
  return { ok: true, id: cls.id, message: `Class “${parsed.data.name}” created.` };
}

async function classOfSchool(actor: Actor, classId: string) {
  const cls = await getClass(classId);
  return cls && cls.schoolId === actor.schoolId ? cls : null;
}

/** Gives a class to another teacher; the lessons already recorded stay with the teacher who recorded them. */
export async function changeClassTeacher(actor: Actor | null, input: { classId: string; teacherId: string }): Promise<ActionResult> {
  if (!isAdmin(actor)) return NOT_FOUND;
  const cls = await classOfSchool(actor, input.classId);
  if (!cls) return NOT_FOUND;
  const teacher = await teacherOfSchool(actor, input.teacherId);
  if (!teacher) return { error: 'Choose a teacher.' };
  if (teacher.id === cls.teacherId) return { error: `${teacher.name} already teaches ${cls.name}.` };
  await withTransaction(async (tx) => {
    await setClassTeacher(cls.id, teacher.id, tx);
    await audit(tx, actor, 'class.teacher', { subject: cls.name }, `${cls.teacherName} → ${teacher.name}`);
  });
  return { ok: true, message: `${cls.name} is now taught by ${teacher.name}. Lessons already recorded stay with ${cls.teacherName}.` };
}

export async function enrolStudents(actor: Actor | null, input: { classId: string; studentIds: string[] }): Promise<ActionResult> {
  if (!isAdmin(actor)) return NOT_FOUND;
  const cls = await classOfSchool(actor, input.classId);
  if (!cls) return NOT_FOUND;
  if (input.studentIds.length === 0) return { error: 'Choose the students to enrol.' };
  const students = await Promise.all(input.studentIds.map(getPerson));
  if (students.some((s) => !s || s.schoolId !== actor.schoolId || !s.roles.includes('student'))) return { error: 'Choose students of this school.' };
  const added = await withTransaction(async (tx) => {
    const ids = await insertEnrolments(cls.id, input.studentIds, tx);
    for (const student of students.filter((s) => ids.includes(s!.id))) await audit(tx, actor, 'enrolment.add', { person: student! }, cls.name);
    return ids.length;
  });
  const already = input.studentIds.length - added;
  return { ok: true, message: `${added} student${added === 1 ? '' : 's'} enrolled in ${cls.name}${already ? ` (${already} already were)` : ''}.` };
}

export async function unenrolStudent(actor: Actor | null, input: { classId: string; studentId: string }): Promise<ActionResult> {
  if (!isAdmin(actor)) return NOT_FOUND;
  const cls = await classOfSchool(actor, input.classId);
  if (!cls) return NOT_FOUND;
  const student = await personOfSchool(actor, input.studentId);
  if (!student) return NOT_FOUND;
  const removed = await withTransaction(async (tx) => {
    const done = await deleteEnrolment(cls.id, student.id, tx);
    if (done) await audit(tx, actor, 'enrolment.remove', { person: student }, cls.name);
    return done;
  });
  return removed ? { ok: true, message: `${student.name} was removed from ${cls.name}.` } : { error: `${student.name} is not in ${cls.name}.` };
}

const days = (max: number) => z.coerce.number().int().min(1).max(max);
const schoolSettingsInput = z.object({
  faceDetector: z.enum(['ssd', 'tiny']),
  wording: z.enum(WORDING_MODES),
  keepTeacherThumbnails: z.boolean(),
  keepStudentThumbnails: z.boolean(),
  paperSize: z.enum(PAPER_SIZES).default('a4'),
  recordingRetentionDays: days(3650).optional(),
  supersededRunRetentionDays: days(3650).optional(),
  auditRetentionDays: days(3650).optional(),
  consentGivenBy: z.enum(CONSENT_PARTIES).optional(),
  studentFaceReading: z.enum(STUDENT_FACE_READINGS).optional(),
  blurredPlaybackCopy: z.enum(BLURRED_PLAYBACK_COPY).optional(),
  studentSummaries: z.boolean().optional(),
  consentedStudentMarker: z.enum(CONSENTED_STUDENT_MARKERS).optional(),
});

/** How the audit log names a setting that changed. */
const SETTING_NAMES: Partial<Record<keyof SchoolSettings, string>> = {
  faceDetector: 'face detector',
  wording: 'wording',
  keepTeacherThumbnails: 'keep the teacher’s face picture',
  keepStudentThumbnails: 'keep students’ face pictures',
  paperSize: 'paper for report PDFs',
  recordingRetentionDays: 'days a recording is kept after its analysis',
  supersededRunRetentionDays: 'days an earlier analysis is kept',
  auditRetentionDays: 'days audit entries are kept',
  consentGivenBy: 'who gives consent',
  studentFaceReading: 'reading students’ faces',
  blurredPlaybackCopy: 'blurred playback copy',
  studentSummaries: 'students’ own summaries',
  consentedStudentMarker: 'consented students marked on the teacher’s people list',
};

const RETENTION_PROBLEMS: Partial<Record<keyof SchoolSettings, string>> = {
  recordingRetentionDays: 'Keep recordings for 1 to 3650 days after their analysis.',
  supersededRunRetentionDays: 'Keep earlier analyses for 1 to 3650 days.',
  auditRetentionDays: 'Keep the audit log for 1 to 3650 days.',
};

/** Analysis and privacy settings of the admin's school; they apply to analyses run from now on (retention periods to every lesson at the next sweep). */
export async function updateSchoolSettings(actor: Actor | null, input: Record<string, unknown>): Promise<ActionResult> {
  if (!isAdmin(actor)) return NOT_FOUND;
  const parsed = schoolSettingsInput.safeParse(input);
  if (!parsed.success) {
    const field = parsed.error.issues.map((i) => i.path[0] as keyof SchoolSettings).find((f) => RETENTION_PROBLEMS[f]);
    return { error: field ? RETENTION_PROBLEMS[field]! : 'Choose a value for every setting.' };
  }
  const before = (await getSchool(actor.schoolId))?.settings ?? DEFAULT_SCHOOL_SETTINGS;
  const changed = (Object.keys(parsed.data) as (keyof typeof parsed.data)[]).filter((k) => parsed.data[k] !== undefined && parsed.data[k] !== before[k]);
  if (changed.length === 0) return { ok: true, message: 'Nothing changed.' };
  await withTransaction(async (tx) => {
    await saveSchoolSettings(actor.schoolId, parsed.data, tx);
    await audit(tx, actor, 'settings.change', { subject: 'School settings' }, changed.map((k) => `${SETTING_NAMES[k] ?? k}: ${before[k]} → ${parsed.data[k]}`).join('; '));
  });
  return { ok: true, message: 'Settings saved. Analysis settings apply to analyses and report versions made from now on; retention periods to every lesson.' };
}

/** Under the server actions' 1 MB body limit (next.config.mjs); about 9,000 rows. */
export const MAX_ROSTER_BYTES = 900 * 1024;

/** What a roster file would create or change, per row, with nothing written. */
export async function previewRoster(actor: Actor | null, input: { text: string }): Promise<ActionResult & { plan?: RosterPlan }> {
  if (!isAdmin(actor)) return NOT_FOUND;
  if (Buffer.byteLength(input.text) > MAX_ROSTER_BYTES) return { error: 'The file is larger than 900 KB; split it into smaller files.' };
  const plan = await planRoster(actor.schoolId, input.text);
  return plan.fileError ? { error: plan.fileError, plan } : { ok: true, plan };
}

export async function importRoster(actor: Actor | null, input: { text: string; fileName: string }): Promise<ActionResult & { plan?: RosterPlan }> {
  if (!isAdmin(actor)) return NOT_FOUND;
  if (Buffer.byteLength(input.text) > MAX_ROSTER_BYTES) return { error: 'The file is larger than 900 KB; split it into smaller files.' };
  const plan = await writeRoster(actor, input.text, input.fileName.slice(0, 200) || 'roster.csv');
  if (plan.fileError) return { error: plan.fileError, plan };
  const { create, change, error } = plan.counts;
  if (create + change === 0) return { ok: true, plan, message: 'Nothing to change: the school already matches this file.' };
  return { ok: true, plan, message: `Imported: ${create} created, ${change} changed${error ? `; ${error} row${error === 1 ? '' : 's'} with errors skipped` : ''}.` };
}
