'use client';

import { useActionState } from 'react';
import { markTeacherAction } from '@/app/actions/lessons';
import { FormMessage, secondaryButtonClass } from '@/app/_components/ui';

export function PersonChoice({ lessonId, personKey }: { lessonId: string; personKey: string }) {
  const [state, formAction, pending] = useActionState(markTeacherAction, null);
  return (
    <form action={formAction} className="mt-2">
      <input type="hidden" name="lessonId" value={lessonId} />
      <input type="hidden" name="personKey" value={personKey} />
      <button type="submit" className={`${secondaryButtonClass} px-2 py-1 text-xs`} disabled={pending}>
        This is me
      </button>
      <FormMessage state={state?.error ? state : null} />
    </form>
  );
}

export function VoiceChoice({ lessonId, speakerId }: { lessonId: string; speakerId: number }) {
  const [state, formAction, pending] = useActionState(markTeacherAction, null);
  return (
    <form action={formAction}>
      <input type="hidden" name="lessonId" value={lessonId} />
      <input type="hidden" name="speakerId" value={speakerId} />
      <button type="submit" className={`${secondaryButtonClass} px-2 py-1 text-xs`} disabled={pending}>
        This is my voice
      </button>
      <FormMessage state={state?.error ? state : null} />
    </form>
  );
}
