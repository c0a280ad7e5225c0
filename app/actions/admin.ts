'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import * as admin from '@/lib/actions/admin';
import type { ActionResult } from '@/lib/actions/result';
import type { RosterPlan } from '@/lib/people/roster/plan';

type RosterResult = ActionResult & { plan?: RosterPlan };
import { field } from './form-field';
import { currentActor } from '@/lib/auth/session';

export async function invitePersonAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  const result = await admin.invitePerson(await currentActor(), {
    name: field(form, 'name'),
    email: field(form, 'email'),
    roles: form.getAll('roles').map(String),
    departmentId: field(form, 'departmentId') || undefined,
  });
  revalidatePath('/admin/people');
  return result;
}

export async function resetLinkAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  return admin.createResetLink(await currentActor(), { userId: field(form, 'userId') });
}

export async function createDepartmentAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  const result = await admin.createDepartment(await currentActor(), { name: field(form, 'name') });
  revalidatePath('/admin/classes');
  return result;
}

export async function createClassAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  const result = await admin.createClass(await currentActor(), Object.fromEntries(form));
  revalidatePath('/admin/classes');
  return result;
}

export async function enrolStudentsAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  const classId = field(form, 'classId');
  const studentIds = form.getAll('studentIds').map(String);
  const result = await admin.enrolStudents(await currentActor(), { classId, studentIds });
  revalidatePath('/admin/classes');
  revalidatePath(`/classes/${classId}`);
  for (const id of studentIds) revalidatePath(`/admin/people/${id}`);
  return result;
}

export async function unenrolStudentAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  const classId = field(form, 'classId');
  const studentId = field(form, 'studentId');
  const result = await admin.unenrolStudent(await currentActor(), { classId, studentId });
  revalidatePath(`/classes/${classId}`);
  revalidatePath(`/admin/people/${studentId}`);
  revalidatePath('/admin/classes');
  return result;
}

export async function setRolesAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  const userId = field(form, 'userId');
  const result = await admin.setRoles(await currentActor(), { userId, roles: form.getAll('roles').map(String), departmentId: field(form, 'departmentId') || undefined });
  revalidatePath(`/admin/people/${userId}`);
  return result;
}

export async function setActiveAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  const userId = field(form, 'userId');
  const result = await admin.setActive(await currentActor(), { userId, active: field(form, 'active') === 'true' });
  revalidatePath(`/admin/people/${userId}`);
  return result;
}

export async function deletePersonAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  const result = await admin.deletePerson(await currentActor(), { userId: field(form, 'userId'), confirmName: field(form, 'confirmName') });
  if (result.ok) redirect('/admin/people');
  return result;
}

export async function addGuardianAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  const studentId = field(form, 'studentId');
  const result = await admin.addGuardian(await currentActor(), { studentId, name: field(form, 'name'), email: field(form, 'email') });
  revalidatePath(`/admin/people/${studentId}`);
  return result;
}

export async function removeGuardianAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  const studentId = field(form, 'studentId');
  const result = await admin.removeGuardian(await currentActor(), { studentId, guardianId: field(form, 'guardianId') });
  revalidatePath(`/admin/people/${studentId}`);
  return result;
}

export async function changeClassTeacherAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  const classId = field(form, 'classId');
  const result = await admin.changeClassTeacher(await currentActor(), { classId, teacherId: field(form, 'teacherId') });
  revalidatePath('/admin/classes');
  revalidatePath(`/classes/${classId}`);
  return result;
}

export async function previewRosterAction(_: RosterResult | null, form: FormData): Promise<RosterResult> {
  return admin.previewRoster(await currentActor(), { text: field(form, 'text') });
}

export async function importRosterAction(_: RosterResult | null, form: FormData): Promise<RosterResult> {
  const result = await admin.importRoster(await currentActor(), { text: field(form, 'text'), fileName: field(form, 'fileName') });
  revalidatePath('/admin/people');
  revalidatePath('/admin/classes');
  return result;
}

export async function updateSchoolSettingsAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  const result = await admin.updateSchoolSettings(await currentActor(), {
    faceDetector: field(form, 'faceDetector'),
    wording: field(form, 'wording'),
    paperSize: field(form, 'paperSize') || undefined,
    keepTeacherThumbnails: form.get('keepTeacherThumbnails') === 'on',
    keepStudentThumbnails: form.get('keepStudentThumbnails') === 'on',
    recordingRetentionDays: field(form, 'recordingRetentionDays'),
    supersededRunRetentionDays: field(form, 'supersededRunRetentionDays'),
    auditRetentionDays: field(form, 'auditRetentionDays'),
    consentGivenBy: field(form, 'consentGivenBy'),
    studentFaceReading: field(form, 'studentFaceReading'),
    blurredPlaybackCopy: field(form, 'blurredPlaybackCopy'),
    studentSummaries: form.get('studentSummaries') === 'on',
    consentedStudentMarker: field(form, 'consentedStudentMarker') || undefined,
  });
  revalidatePath('/privacy');
  revalidatePath('/admin/school');
  return result;
}
