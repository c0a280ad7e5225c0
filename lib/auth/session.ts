import { getServerSession } from 'next-auth';
import { notFound, redirect } from 'next/navigation';
import { findActor } from '../db/queries';
import type { Actor } from '../policy';
import { authOptions, SIGN_IN_PATH } from './options';

/** The signed-in person, re-read from the database so removed roles and disabled accounts take effect at once. */
export async function currentActor(): Promise<Actor | null> {
  const session = await getServerSession(authOptions);
  const id = (session?.user as { id?: string } | undefined)?.id;
  return id ? findActor(id) : null;
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
