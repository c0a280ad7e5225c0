import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { currentActor } from '@/lib/auth/session';
import { AuthShell } from '../_components/auth-shell';
import { SignInForm } from './sign-in-form';

export const metadata: Metadata = { title: 'Sign in' };

export default async function SignInPage() {
  if (await currentActor()) redirect('/dashboard');
  return (
    <AuthShell title="Sign in to LessonLens">
      <SignInForm />
    </AuthShell>
  );
}
