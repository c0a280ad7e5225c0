'use client';

import { useActionState } from 'react';
import { createLessonAction } from '@/app/actions/lessons';
import { buttonClass, Field, FormMessage, inputClass } from '@/app/_components/ui';

export function NewLessonForm({ classId }: { classId: string }) {
  const [state, formAction, pending] = useActionState(createLessonAction, null);
  const today = new Date().toISOString().slice(0, 10);
  return (
    <form action={formAction} className="grid gap-4 sm:grid-cols-[1fr_12rem_auto] sm:items-end">
      <input type="hidden" name="classId" value={classId} />
      <Field label="Title" htmlFor="title">
        <input id="title" name="title" required maxLength={200} placeholder="e.g. Forces and motion" className={inputClass} />
      </Field>
      <Field label="Taught on" htmlFor="taughtOn">
        <input id="taughtOn" name="taughtOn" type="date" required defaultValue={today} className={inputClass} />
      </Field>
      <button type="submit" className={buttonClass} disabled={pending}>
        Create lesson
      </button>
      <div className="sm:col-span-3">
        <FormMessage state={state} />
      </div>
    </form>
  );
}
