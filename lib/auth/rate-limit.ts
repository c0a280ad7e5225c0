import { and, count, eq, gt } from 'drizzle-orm';
import { getDb } from '../db/client';
import { signInAttempts } from '../db/schema';

export const SIGN_IN_WINDOW_MINUTES = 15;
/** Failed attempts allowed per account, and per client address, inside the window. */
export const MAX_FAILURES_PER_ACCOUNT = 5;
export const MAX_FAILURES_PER_ADDRESS = 20;

export async function isSignInBlocked(email: string, ip: string): Promise<boolean> {
  const db = getDb();
  const since = new Date(Date.now() - SIGN_IN_WINDOW_MINUTES * 60_000);
  const failuresWhere = (column: typeof signInAttempts.email | typeof signInAttempts.ip, value: string) =>
    and(eq(column, value), eq(signInAttempts.succeeded, false), gt(signInAttempts.at, since));
  const [[byAccount], [byAddress]] = await Promise.all([
    db.select({ n: count() }).from(signInAttempts).where(failuresWhere(signInAttempts.email, email)),
    db.select({ n: count() }).from(signInAttempts).where(failuresWhere(signInAttempts.ip, ip)),
  ]);
  return byAccount.n >= MAX_FAILURES_PER_ACCOUNT || byAddress.n >= MAX_FAILURES_PER_ADDRESS;
}

export async function recordSignInAttempt(email: string, ip: string, succeeded: boolean): Promise<void> {
  await getDb().insert(signInAttempts).values({ email, ip, succeeded });
}
