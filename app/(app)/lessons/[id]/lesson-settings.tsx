'use client';

import { useActionState } from 'react';
import { deleteLessonAction, renameLessonAction } from '@/app/actions/lessons';
import { FormMessage, inputClass, secondaryButtonClass } from '@/app/_components/ui';

/** Rename the lesson, or delete it with everything kept for it (after a tick that says what goes). */
export function LessonSettings({ lessonId, title }: { lessonId: string; title: string }) {
  const [renameState, rename, renaming] = useActionState(renameLessonAction, null);
  const [deleteState, remove, deleting] = useActionState(deleteLessonAction, null);
  return (
    <div className="space-y-6">
      <form action={rename} className="flex flex-wrap items-end gap-3">
        <input type="hidden" name="lessonId" value={lessonId} />
        <div className="min-w-0 flex-1">
          <label htmlFor="lesson-title" className="mb-1 block text-sm font-medium text-slate-700">
            Title
          </label>
          <input id="lesson-title" name="title" defaultValue={title} maxLength={200} required className={inputClass} />
        </div>
        <button type="submit" className={secondaryButtonClass} disabled={renaming}>
          Rename
        </button>
        <div className="w-full">
          <FormMessage state={renameState} />
        </div>
      </form>
      <details className="rounded-md border border-red-200 p-3">
        <summary className="cursor-pointer text-sm font-medium text-red-800">Delete this lesson…</summary>
        <form action={remove} className="mt-3 space-y-3">
          <input type="hidden" name="lessonId" value={lessonId} />
          <label className="flex items-start gap-2 text-sm text-slate-700">
            <input type="checkbox" name="confirmed" value="yes" className="mt-1" />
            <span>Delete the recording, its analysis and every stored report version of this lesson. This cannot be undone.</span>
          </label>
          <button type="submit" className="inline-flex items-center rounded-md bg-red-700 px-4 py-2 text-sm font-medium text-white hover:bg-red-800 disabled:opacity-50" disabled={deleting}>
            Delete lesson
          </button>
          <FormMessage state={deleteState?.error ? deleteState : null} />
        </form>
      </details>
    </div>
  );
}
