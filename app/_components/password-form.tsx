'use client';

import Link from 'next/link';
import { useActionState } from 'react';
import type { ActionResult } from '@/lib/actions/result';
import { buttonClass, Field, FormMessage, inputClass } from './ui';

type Action = (state: ActionResult | null, form: FormData) => Promise<ActionResult>;

/** Choose-a-password form behind an invite or reset link. */
export function PasswordForm({ token, action, submitLabel }: { token: string; action: Action; submitLabel: string }) {
  const [state, formAction, pending] = useActionState(action, null);
  if (state?.ok) {
    return (
      <div className="space-y-4">
        <FormMessage state={state} />
        <Link href="/signin" className={`${buttonClass} w-full`}>
          Go to sign-in
        </Link>
      </div>
    );
  }
  return (
    <form action={formAction} className="space-y-4">
      <input type="hidden" name="token" value={token} />
      <Field label="New password" htmlFor="password" hint="At least 10 characters.">
        <input id="password" name="password" type="password" autoComplete="new-password" required minLength={10} className={inputClass} />
      </Field>
      <Field label="Repeat the password" htmlFor="confirm">
        <input id="confirm" name="confirm" type="password" autoComplete="new-password" required className={inputClass} />
      </Field>
      <FormMessage state={state} />
      <button type="submit" className={`${buttonClass} w-full`} disabled={pending}>
        {submitLabel}
      </button>
    </form>
  );
}
