import type { Metadata } from 'next';
import { resetPasswordAction } from '@/app/actions/account';
import { AuthShell } from '@/app/_components/auth-shell';
import { PasswordForm } from '@/app/_components/password-form';

export const metadata: Metadata = { title: 'Reset password' };

export default async function ResetPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  return (
    <AuthShell title="Choose a new password">
      <PasswordForm token={token} action={resetPasswordAction} submitLabel="Set new password" />
    </AuthShell>
  );
}
