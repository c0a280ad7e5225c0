import { hashPassword, passwordProblem } from '../auth/password';
import { createOneTimeLink, findValidToken, setPasswordWithLink } from '../auth/tokens';
import { findUserByEmail } from '../db/queries';
import type { TokenKind } from '../db/schema';
import { config } from '../config';
import { sendMail } from '../mail';
import type { ActionResult } from './result';

const EXPIRED = 'This link is invalid, has expired or was already used. Ask your school admin for a new one.';

/** Sets the password of the link's owner and uses the link up (invites and resets alike). */
export async function setPasswordWithToken(kind: TokenKind, input: { token: string; password: string; confirm: string }): Promise<ActionResult> {
  const problem = passwordProblem(input.password);
  if (problem) return { error: problem };
  if (input.password !== input.confirm) return { error: 'The two passwords differ.' };
  const token = await findValidToken(input.token, kind);
  if (!token) return { error: EXPIRED };
  const passwordHash = await hashPassword(input.password);
  if (!(await setPasswordWithLink(token, passwordHash))) return { error: EXPIRED };
  return { ok: true, message: 'Your password is set. You can sign in now.' };
}

/** Emails a reset link when SMTP is configured; answers the same whether or not the address exists. */
export async function requestPasswordReset(input: { email: string }): Promise<ActionResult> {
  if (!config.smtpUrl) return { message: 'Email is not set up for this school. Ask your school admin for a password reset link.' };
  const user = await findUserByEmail(input.email.trim());
  if (user?.passwordHash && !user.disabledAt) {
    const link = await createOneTimeLink(user.id, 'reset', null);
    await sendMail(user.email, 'Reset your LessonLens password', `Choose a new password here (valid for 2 hours):\n${link}\n`);
  }
  return { message: 'If this address has an account, a reset link is on its way.' };
}
