import { getServerSession } from 'next-auth';
import { notFound, redirect } from 'next/navigation';
import { findActor } from '../db/queries';
import type { Actor } from '../policy';
import { authOptions, SIGN_IN_PATH } from './options';

type SessionUser = { id?: string; signedInAt?: number };

async function sessionUser(): Promise<SessionUser | undefined> {
  return (await getServerSession(authOptions))?.user as SessionUser | undefined;
}

/** The signed-in person, re-read from the database so removed roles, disabled accounts and ended sessions take effect at once. */
export async function currentActor(): Promise<Actor | null> {
  const user = await sessionUser();
  return user?.id ? findActor(user.id, { signedInAt: user.signedInAt ?? 0 }) : null;
}

/** When the current session signed in. */
export async function sessionSignedInAt(): Promise<Date> {
  return new Date((await sessionUser())?.signedInAt ?? 0);
}

/** For pages: signed-out visitors go to the sign-in page. */
export async function requireActor(): Promise<Actor> {
  const actor = await currentActor();
  if (!actor) redirect(SIGN_IN_PATH);
  return actor;
}

/** For pages: a "no" from the policy looks like a missing page. */
export function allowOr404(allowed: boolean): void {
  if (!allowed) notFound();
}
