'use client';

import Link from 'next/link';
import { signIn } from 'next-auth/react';
import { useState } from 'react';
import { buttonClass, Field, inputClass } from '../_components/ui';

const ERRORS: Record<string, string> = {
  CredentialsSignin: 'That email and password do not match an account.',
};

function waitWords(seconds: number): string {
  return seconds < 90 ? `${seconds} seconds` : `${Math.ceil(seconds / 60)} minutes`;
}

/** next-auth's error code; a throttled attempt says how long to wait ("RateLimited:<seconds>"). */
function errorMessage(code: string): string {
  const limited = /^RateLimited:(\d+)$/.exec(code);
  if (limited) return `Too many failed attempts. Try again in ${waitWords(Number(limited[1]))}, or ask your school admin for a reset link.`;
  return ERRORS[code] ?? 'Sign-in failed. Please try again.';
}

export function SignInForm() {
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setPending(true);
    setError(null);
    const form = new FormData(event.currentTarget);
    const result = await signIn('credentials', {
      redirect: false,
      email: String(form.get('email') ?? ''),
      password: String(form.get('password') ?? ''),
    });
    if (result?.ok && !result.error) {
      window.location.assign('/dashboard');
      return;
    }
    setPending(false);
    setError(errorMessage(result?.error ?? ''));
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      <Field label="Email" htmlFor="email">
        <input id="email" name="email" type="email" autoComplete="email" required className={inputClass} />
      </Field>
      <Field label="Password" htmlFor="password">
        <input id="password" name="password" type="password" autoComplete="current-password" required className={inputClass} />
      </Field>
      {error && (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
          {error}
        </p>
      )}
      <button type="submit" className={`${buttonClass} w-full`} disabled={pending}>
        {pending ? 'Signing in…' : 'Sign in'}
      </button>
      <p className="text-center text-sm">
        <Link href="/forgot" className="text-brand-700 hover:underline">
          Forgot your password?
        </Link>
      </p>
    </form>
  );
}
