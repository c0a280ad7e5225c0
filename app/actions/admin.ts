'use server';

import { revalidatePath } from 'next/cache';
import * as admin from '@/lib/actions/admin';
import type { ActionResult } from '@/lib/actions/result';
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
  const result = await admin.enrolStudents(await currentActor(), { classId, studentIds: form.getAll('studentIds').map(String) });
  revalidatePath('/admin/classes');
  revalidatePath(`/classes/${classId}`);
  return result;
}

export async function unenrolStudentAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  const classId = field(form, 'classId');
  const result = await admin.unenrolStudent(await currentActor(), { classId, studentId: field(form, 'studentId') });
  revalidatePath(`/classes/${classId}`);
  return result;
}

export async function updateSchoolSettingsAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  const result = await admin.updateSchoolSettings(await currentActor(), {
    faceDetector: field(form, 'faceDetector'),
    wording: field(form, 'wording'),
    paperSize: field(form, 'paperSize') || undefined,
    keepTeacherThumbnails: form.get('keepTeacherThumbnails') === 'on',
    keepStudentThumbnails: form.get('keepStudentThumbnails') === 'on',
    supersededRunRetentionDays: field(form, 'supersededRunRetentionDays'),
    consentGivenBy: field(form, 'consentGivenBy'),
    studentFaceReading: field(form, 'studentFaceReading'),
    blurredPlaybackCopy: field(form, 'blurredPlaybackCopy'),
    studentSummaries: form.get('studentSummaries') === 'on',
  });
  revalidatePath('/admin/school');
  return result;
}
