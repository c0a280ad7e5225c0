'use client';

import { useActionState, useState } from 'react';
import { excludePersonAction, requestBlurredCopyAction } from '@/app/actions/lessons';
import { FormMessage, secondaryButtonClass } from '@/app/_components/ui';

/** Excluding a person deletes their data from the analysis, so the button asks once more before it does. */
export function ExcludeButton({ lessonId, personKey }: { lessonId: string; personKey: string }) {
  const [state, formAction, pending] = useActionState(excludePersonAction, null);
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <div className="mt-2">
        <button type="button" className={`${secondaryButtonClass} px-2 py-1 text-xs`} onClick={() => setAsking(true)}>
          Exclude…
        </button>
        <FormMessage state={state?.error ? state : null} />
      </div>
    );
  }
  return (
    <form action={formAction} className="mt-2 rounded-md border border-amber-300 bg-amber-50 p-2 text-left text-xs text-amber-900">
      <input type="hidden" name="lessonId" value={lessonId} />
      <input type="hidden" name="personKey" value={personKey} />
      <p>Exclude {personKey}? Their data is deleted from this analysis and their face is blurred. This cannot be undone.</p>
      <div className="mt-2 flex flex-wrap gap-2">
        <button type="submit" className="rounded-md bg-amber-700 px-2 py-1 font-medium text-white hover:bg-amber-800 disabled:opacity-50" disabled={pending}>
          Exclude {personKey}
        </button>
        <button type="button" className="rounded-md border border-amber-300 bg-white px-2 py-1" onClick={() => setAsking(false)} disabled={pending}>
          Cancel
        </button>
      </div>
    </form>
  );
}

export function BlurredCopyRequest({ lessonId }: { lessonId: string }) {
  const [state, formAction, pending] = useActionState(requestBlurredCopyAction, null);
  return (
    <form action={formAction} className="flex flex-wrap items-center gap-3">
      <input type="hidden" name="lessonId" value={lessonId} />
      <button type="submit" className={secondaryButtonClass} disabled={pending}>
        Make a blurred copy
      </button>
      <FormMessage state={state} />
    </form>
  );
}
