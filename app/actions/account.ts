'use server';

import * as account from '@/lib/actions/account';
import type { ActionResult } from '@/lib/actions/result';

const text = (form: FormData, name: string) => String(form.get(name) ?? '');

export async function acceptInviteAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  return account.setPasswordWithToken('invite', { token: text(form, 'token'), password: text(form, 'password'), confirm: text(form, 'confirm') });
}

export async function resetPasswordAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  return account.setPasswordWithToken('reset', { token: text(form, 'token'), password: text(form, 'password'), confirm: text(form, 'confirm') });
}

export async function requestResetAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  return account.requestPasswordReset({ email: text(form, 'email') });
}
