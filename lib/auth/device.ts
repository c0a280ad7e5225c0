import { createHash, randomBytes } from 'node:crypto';

/**
 * A long-lived random cookie that names a browser. A browser in which an
 * account has signed in before is a known device of that account: its
 * attempts are counted apart from everyone else's, so a stranger's failures
 * never lock the owner out on their own computer. Only its hash is stored.
 */
export const DEVICE_COOKIE = 'lessonlens-device';
const ONE_YEAR_S = 365 * 24 * 3600;

function cookieValue(header: string | null | undefined): string | null {
  const match = (header ?? '').match(/(?:^|;\s*)lessonlens-device=([A-Za-z0-9_-]{43})(?:;|$)/);
  return match?.[1] ?? null;
}

/** The hash of the device cookie in a Cookie header (null when there is none or it is malformed). */
export function deviceOf(cookieHeader: string | null | undefined): string | null {
  const value = cookieValue(cookieHeader);
  return value ? createHash('sha256').update(value).digest('hex') : null;
}

/** The Set-Cookie value that gives a browser without one its device cookie; null when it has one. */
export function newDeviceCookie(cookieHeader: string | null | undefined, overHttps: boolean): string | null {
  if (cookieValue(cookieHeader)) return null;
  const value = randomBytes(32).toString('base64url');
  return `${DEVICE_COOKIE}=${value}; Path=/; Max-Age=${ONE_YEAR_S}; HttpOnly; SameSite=Lax${overHttps ? '; Secure' : ''}`;
}
