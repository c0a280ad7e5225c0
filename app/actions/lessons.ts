'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import * as lessons from '@/lib/actions/lessons';
import type { ActionResult } from '@/lib/actions/result';
import { field } from './form-field';
import { currentActor } from '@/lib/auth/session';

export async function createLessonAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  const result = await lessons.createLesson(await currentActor(), Object.fromEntries(form));
  if (result.ok && result.id) redirect(`/lessons/${result.id}`);
  return result;
}

export async function renameLessonAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  const lessonId = field(form, 'lessonId');
  const result = await lessons.renameLesson(await currentActor(), { lessonId, title: field(form, 'title') });
  revalidatePath(`/lessons/${lessonId}`);
  return result;
}

export async function deleteLessonAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  const result = await lessons.deleteLesson(await currentActor(), { lessonId: field(form, 'lessonId'), confirmed: field(form, 'confirmed') === 'yes' });
  if (result.ok) redirect('/lessons');
  return result;
}

export async function setSharingAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  const lessonId = field(form, 'lessonId');
  const result = await lessons.setLessonSharing(await currentActor(), { lessonId, shared: field(form, 'shared') === 'true' });
  revalidatePath(`/lessons/${lessonId}`);
  return result;
}

export async function rerunAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  const lessonId = field(form, 'lessonId');
  const result = await lessons.rerunAnalysis(await currentActor(), { lessonId });
  revalidatePath(`/lessons/${lessonId}`);
  return result;
}

export async function cancelAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  const lessonId = field(form, 'lessonId');
  const result = await lessons.cancelAnalysis(await currentActor(), { lessonId });
  revalidatePath(`/lessons/${lessonId}`);
  return result;
}

export async function markTeacherAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  const lessonId = field(form, 'lessonId');
  const speaker = form.get('speakerId');
  const change = speaker === null ? { personKey: field(form, 'personKey') } : { speakerId: speaker === '' ? null : Number(speaker) };
  const result = await lessons.markTeacher(await currentActor(), { lessonId, ...change });
  revalidatePath(`/lessons/${lessonId}`);
  return result;
}

export async function excludePersonAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  const lessonId = field(form, 'lessonId');
  const result = await lessons.excludePerson(await currentActor(), { lessonId, personKey: field(form, 'personKey') });
  revalidatePath(`/lessons/${lessonId}`);
  return result;
}

export async function requestBlurredCopyAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  const lessonId = field(form, 'lessonId');
  const result = await lessons.requestBlurredCopy(await currentActor(), { lessonId });
  revalidatePath(`/lessons/${lessonId}`);
  return result;
}
