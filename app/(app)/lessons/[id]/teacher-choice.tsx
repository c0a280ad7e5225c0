'use client';

import { useActionState } from 'react';
import { markTeacherAction } from '@/app/actions/lessons';
import { FormMessage, secondaryButtonClass } from '@/app/_components/ui';

/** `confirm`: the button is on the guessed teacher, so it confirms the guess instead of changing it. */
export function PersonChoice({ lessonId, personKey, confirm = false }: { lessonId: string; personKey: string; confirm?: boolean }) {
  const [state, formAction, pending] = useActionState(markTeacherAction, null);
  return (
    <form action={formAction} className="mt-2">
      <input type="hidden" name="lessonId" value={lessonId} />
      <input type="hidden" name="personKey" value={personKey} />
      <button type="submit" className={`${secondaryButtonClass} px-2 py-1 text-xs`} disabled={pending}>
        {confirm ? 'Yes, this is me' : 'This is me'}
      </button>
      <FormMessage state={state?.error ? state : null} />
    </form>
  );
}

export function VoiceChoice({ lessonId, speakerId, confirm = false }: { lessonId: string; speakerId: number; confirm?: boolean }) {
  const [state, formAction, pending] = useActionState(markTeacherAction, null);
  return (
    <form action={formAction}>
      <input type="hidden" name="lessonId" value={lessonId} />
      <input type="hidden" name="speakerId" value={speakerId} />
      <button type="submit" className={`${secondaryButtonClass} px-2 py-1 text-xs`} disabled={pending}>
        {confirm ? 'Yes, this is my voice' : 'This is my voice'}
      </button>
      <FormMessage state={state?.error ? state : null} />
    </form>
  );
}
