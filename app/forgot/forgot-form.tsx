'use client';

import Link from 'next/link';
import { useActionState } from 'react';
import { requestResetAction } from '@/app/actions/account';
import { buttonClass, Field, FormMessage, inputClass } from '../_components/ui';

export function ForgotForm() {
  const [state, formAction, pending] = useActionState(requestResetAction, null);
  return (
    <form action={formAction} className="space-y-4">
      <Field label="Email" htmlFor="email">
        <input id="email" name="email" type="email" autoComplete="email" required className={inputClass} />
      </Field>
      <FormMessage state={state} />
      <button type="submit" className={`${buttonClass} w-full`} disabled={pending}>
        Send reset link
      </button>
      <p className="text-center text-sm">
        <Link href="/signin" className="text-brand-700 hover:underline">
          Back to sign-in
        </Link>
      </p>
    </form>
  );
}
