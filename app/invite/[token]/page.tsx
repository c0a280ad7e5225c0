import type { Metadata } from 'next';
import { acceptInviteAction } from '@/app/actions/account';
import { AuthShell } from '@/app/_components/auth-shell';
import { PasswordForm } from '@/app/_components/password-form';

export const metadata: Metadata = { title: 'Accept invitation' };

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  return (
    <AuthShell title="Welcome to LessonLens">
      <p className="mb-4 text-sm text-slate-600">Choose a password to finish setting up your account.</p>
      <PasswordForm token={token} action={acceptInviteAction} submitLabel="Create my account" />
    </AuthShell>
  );
}
