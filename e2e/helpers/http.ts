import { DEMO_PASSWORD } from '../../lib/db/seed';

/** Signs in through next-auth's credentials endpoint and returns the cookie header of the session (null when refused). */
export async function sessionCookie(baseUrl: string, email: string, password = DEMO_PASSWORD): Promise<string | null> {
  const csrf = await fetch(`${baseUrl}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const csrfCookie = csrf.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const response = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: csrfCookie },
    body: new URLSearchParams({ csrfToken, email, password, json: 'true' }),
  });
  const session = response.headers.getSetCookie().find((c) => c.startsWith('next-auth.session-token='));
  return session ? `${csrfCookie}; ${session.split(';')[0]}` : null;
}
