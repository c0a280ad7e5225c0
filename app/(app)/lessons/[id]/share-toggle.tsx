'use client';

import { useActionState } from 'react';
import { setSharingAction } from '@/app/actions/lessons';
import { FormMessage, secondaryButtonClass } from '@/app/_components/ui';

export function ShareToggle({ lessonId, shared }: { lessonId: string; shared: boolean }) {
  const [state, formAction, pending] = useActionState(setSharingAction, null);
  return (
    <form action={formAction} className="flex flex-wrap items-center justify-between gap-4">
      <input type="hidden" name="lessonId" value={lessonId} />
      <input type="hidden" name="shared" value={String(!shared)} />
      <p className="text-sm text-slate-600">
        {shared
          ? 'Your department head can see this lesson and its analysis.'
          : 'Only you can see this lesson. Share it to let your department head see it.'}
      </p>
      <button type="submit" className={secondaryButtonClass} disabled={pending} aria-pressed={shared}>
        {shared ? 'Stop sharing' : 'Share with department head'}
      </button>
      <div className="w-full">
        <FormMessage state={state} />
      </div>
    </form>
  );
}
