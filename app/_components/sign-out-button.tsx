'use client';

import { signOut } from 'next-auth/react';
import { secondaryButtonClass } from './ui';

export function SignOutButton() {
  return (
    <button type="button" className={`${secondaryButtonClass} px-3 py-1.5`} onClick={() => signOut({ callbackUrl: '/signin' })}>
      Sign out
    </button>
  );
}
