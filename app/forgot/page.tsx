import type { Metadata } from 'next';
import { AuthShell } from '../_components/auth-shell';
import { ForgotForm } from './forgot-form';

export const metadata: Metadata = { title: 'Forgot password' };

export default function ForgotPage() {
  return (
    <AuthShell title="Forgot your password?">
      <ForgotForm />
    </AuthShell>
  );
}
