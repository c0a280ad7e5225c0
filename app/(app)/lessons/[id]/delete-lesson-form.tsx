'use client';

import { useActionState } from 'react';
import { deleteLessonAction } from '@/app/actions/lessons';
import { dangerButtonClass, FormMessage } from '@/app/_components/ui';

/** Deleting a lesson takes everything derived from it at once; the teacher ticks that they know. */
export function DeleteLessonForm({ lessonId, classId }: { lessonId: string; classId: string }) {
  const [state, formAction, pending] = useActionState(deleteLessonAction, null);
  return (
    <form action={formAction} className="space-y-3">
      <input type="hidden" name="lessonId" value={lessonId} />
      <input type="hidden" name="classId" value={classId} />
      <p className="text-sm text-slate-600">
        Deletes the recording, its analysis and everything derived from it — timelines, face pictures, voice samples, reports — at once. It cannot be undone.
      </p>
      <label className="flex items-start gap-2 text-sm text-slate-700">
        <input type="checkbox" name="confirmed" className="mt-1" /> I understand that the recording, its analysis and everything derived from it are deleted.
      </label>
      <button type="submit" className={dangerButtonClass} disabled={pending}>
        Delete lesson
      </button>
      <FormMessage state={state} />
    </form>
  );
}
