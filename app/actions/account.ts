'use server';

import * as account from '@/lib/actions/account';
import type { ActionResult } from '@/lib/actions/result';
import { field } from './form-field';

export async function acceptInviteAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  return account.setPasswordWithToken('invite', { token: field(form, 'token'), password: field(form, 'password'), confirm: field(form, 'confirm') });
}

export async function resetPasswordAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  return account.setPasswordWithToken('reset', { token: field(form, 'token'), password: field(form, 'password'), confirm: field(form, 'confirm') });
}

export async function requestResetAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  return account.requestPasswordReset({ email: field(form, 'email') });
}
