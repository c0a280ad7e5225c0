'use server';

import { revalidatePath } from 'next/cache';
import * as consent from '@/lib/actions/consent';
import type { ActionResult } from '@/lib/actions/result';
import { currentActor } from '@/lib/auth/session';
import { field } from './form-field';

export async function recordConsentAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  const classId = field(form, 'classId');
  const [kind, decision] = field(form, 'decision').split(':');
  const result = await consent.recordConsent(await currentActor(), {
    classId,
    studentId: field(form, 'studentId'),
    kind,
    decision,
    givenBy: field(form, 'givenBy'),
    guardianName: field(form, 'guardianName'),
    note: field(form, 'note'),
  });
  revalidatePath(`/classes/${classId}`);
  return result;
}
