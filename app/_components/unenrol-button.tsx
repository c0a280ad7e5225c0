'use client';

import { useActionState } from 'react';
import { unenrolStudentAction } from '@/app/actions/admin';
import { FormMessage } from './ui';

/** The admin takes a student out of a class (their data stays; only the membership ends). */
export function UnenrolButton({ classId, studentId, label }: { classId: string; studentId: string; label: string }) {
  const [state, formAction, pending] = useActionState(unenrolStudentAction, null);
  return (
    <form action={formAction} className="inline">
      <input type="hidden" name="classId" value={classId} />
      <input type="hidden" name="studentId" value={studentId} />
      <button type="submit" className="text-xs font-medium text-red-700 hover:underline disabled:opacity-50" disabled={pending} aria-label={label}>
        Remove
      </button>
      {state?.error && <FormMessage state={state} />}
    </form>
  );
}
