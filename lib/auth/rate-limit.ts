import { sql } from 'drizzle-orm';
import { getDb } from '../db/client';
import { signInAttempts } from '../db/schema';

/** Failures older than this are forgotten. */
export const SIGN_IN_WINDOW_MINUTES = 60;
/** Failures allowed before each further attempt waits, then 1 s, 2 s, 4 s, … */
export const FREE_FAILURES = { accountOnDevice: 5, accountFromAddress: 5, account: 20, address: 20 } as const;
const FIRST_DELAY_S = 1;
export const MAX_DELAY_S = 15 * 60;

export type SignInCheck = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** Who the attempts of one throttle are: a condition on sign_in_attempts. */
type Scope = { free: number; where: ReturnType<typeof sql> };

/** Seconds until the next attempt in one scope, from its failures since its last success inside the window. */
async function waitSeconds(scope: Scope, now: Date): Promise<number> {
  const since = new Date(now.getTime() - SIGN_IN_WINDOW_MINUTES * 60_000);
  const { rows } = await getDb().execute<{ failures: number; last: Date | null }>(sql`
    with recent as (select succeeded, at from ${signInAttempts} a where ${scope.where} and a.at > ${since}),
         cut as (select coalesce(max(at), ${since}) as after from recent where succeeded)
    select count(*)::int as failures, max(at) as last from recent, cut where not succeeded and at > cut.after`);
  const { failures, last } = rows[0];
  if (failures < scope.free || !last) return 0;
  const delay = Math.min(MAX_DELAY_S, FIRST_DELAY_S * 2 ** (failures - scope.free));
  return Math.max(0, Math.ceil((new Date(last).getTime() + delay * 1000 - now.getTime()) / 1000));
}

/**
 * Progressive delays instead of lock-outs. On a known device of the account
 * (one it signed in from before) only that device's own failures count. From
 * anywhere else, the account's failures from this address, the account's
 * failures from all unknown devices (a spread-out guesser), and this
 * address's failures on any account (a sprayer) each slow down further
 * attempts — but never those from the owner's known devices.
 */
export async function checkSignIn(email: string, ip: string, device: string | null, now = new Date()): Promise<SignInCheck> {
  const known =
    device !== null &&
    (
      await getDb().execute(
        sql`select 1 from ${signInAttempts} where ${signInAttempts.email} = ${email} and ${signInAttempts.device} = ${device} and ${signInAttempts.succeeded} limit 1`,
      )
    ).rows.length > 0;
  const unknownDevice = sql`not exists (select 1 from ${signInAttempts} k where k.email = a.email and k.device = a.device and k.succeeded)`;
  const scopes: Scope[] = known
    ? [{ free: FREE_FAILURES.accountOnDevice, where: sql`a.email = ${email} and a.device = ${device}` }]
    : [
        { free: FREE_FAILURES.accountFromAddress, where: sql`a.email = ${email} and a.ip = ${ip} and ${unknownDevice}` },
        { free: FREE_FAILURES.account, where: sql`a.email = ${email} and ${unknownDevice}` },
        { free: FREE_FAILURES.address, where: sql`a.ip = ${ip} and ${unknownDevice}` },
      ];
  const waits = await Promise.all(scopes.map((scope) => waitSeconds(scope, now)));
  const wait = Math.max(...waits);
  return wait > 0 ? { allowed: false, retryAfterSeconds: wait } : { allowed: true };
}

export async function recordSignInAttempt(email: string, ip: string, device: string | null, succeeded: boolean, at = new Date()): Promise<void> {
  await getDb().insert(signInAttempts).values({ email, ip, device, succeeded, at });
}
