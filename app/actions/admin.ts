'use server';

import { revalidatePath } from 'next/cache';
import * as admin from '@/lib/actions/admin';
import type { ActionResult } from '@/lib/actions/result';
import { currentActor } from '@/lib/auth/session';

const text = (form: FormData, name: string) => String(form.get(name) ?? '');

export async function invitePersonAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  const result = await admin.invitePerson(await currentActor(), {
    name: text(form, 'name'),
    email: text(form, 'email'),
    roles: form.getAll('roles').map(String),
    departmentId: text(form, 'departmentId') || undefined,
  });
  revalidatePath('/admin/people');
  return result;
}

export async function resetLinkAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  return admin.createResetLink(await currentActor(), { userId: text(form, 'userId') });
}

export async function createDepartmentAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  const result = await admin.createDepartment(await currentActor(), { name: text(form, 'name') });
  revalidatePath('/admin/classes');
  return result;
}

export async function createClassAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  const result = await admin.createClass(await currentActor(), Object.fromEntries(form));
  revalidatePath('/admin/classes');
  return result;
}

export async function enrolStudentsAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  const classId = text(form, 'classId');
  const result = await admin.enrolStudents(await currentActor(), { classId, studentIds: form.getAll('studentIds').map(String) });
  revalidatePath('/admin/classes');
  revalidatePath(`/classes/${classId}`);
  return result;
}

export async function unenrolStudentAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  const classId = text(form, 'classId');
  const result = await admin.unenrolStudent(await currentActor(), { classId, studentId: text(form, 'studentId') });
  revalidatePath(`/classes/${classId}`);
  return result;
}

export async function updateSchoolSettingsAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  const result = await admin.updateSchoolSettings(await currentActor(), {
    faceDetector: text(form, 'faceDetector'),
    wording: text(form, 'wording'),
    keepTeacherThumbnails: form.get('keepTeacherThumbnails') === 'on',
    keepStudentThumbnails: form.get('keepStudentThumbnails') === 'on',
  });
  revalidatePath('/admin/school');
  return result;
}
