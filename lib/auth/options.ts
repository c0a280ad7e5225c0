import { randomBytes } from 'node:crypto';
import type { NextAuthOptions } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import { findUserByEmail } from '../db/queries';
import { deviceOf } from './device';
import { hashPassword, verifyPassword } from './password';
import { checkSignIn, recordSignInAttempt } from './rate-limit';

export const SIGN_IN_PATH = '/signin';

type Headers = Record<string, string | string[] | undefined> | undefined;

function header(headers: Headers, name: string): string | undefined {
  const value = headers?.[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The web server (scripts/web.ts) has already put the client address here, read through trusted proxies only. */
function clientAddress(headers: Headers): string {
  return header(headers, 'x-forwarded-for')?.split(',')[0].trim() || 'unknown';
}

let dummyHash: Promise<string> | undefined;

/** An address without a usable account costs the same argon2 work as a real one, so timing does not tell them apart. */
function hashOfNobody(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
  return dummyHash;
}

/** The sign-in error for a throttled attempt carries how long to wait: "RateLimited:<seconds>" (read by app/signin/sign-in-form.tsx). */
const RATE_LIMITED = 'RateLimited';

export const authOptions: NextAuthOptions = {
  session: { strategy: 'jwt', maxAge: 8 * 3600 },
  pages: { signIn: SIGN_IN_PATH, error: SIGN_IN_PATH },
  providers: [
    Credentials({
      name: 'Email and password',
      credentials: { email: { label: 'Email', type: 'email' }, password: { label: 'Password', type: 'password' } },
      async authorize(credentials, req) {
        const email = credentials?.email?.trim().toLowerCase() ?? '';
        const password = credentials?.password ?? '';
        if (!email || !password) return null;
        const ip = clientAddress(req.headers);
        const device = deviceOf(header(req.headers, 'cookie'));
        const check = await checkSignIn(email, ip, device);
        if (!check.allowed) throw new Error(`${RATE_LIMITED}:${check.retryAfterSeconds}`);
        const user = await findUserByEmail(email);
        const usable = !!user?.passwordHash && !user.disabledAt;
        const matches = await verifyPassword(usable ? user.passwordHash! : await hashOfNobody(), password);
        const ok = usable && matches;
        await recordSignInAttempt(email, ip, device, ok);
        if (!ok || !user) return null;
        return { id: user.id, email: user.email, name: user.name };
      },
    }),
  ],
  callbacks: {
    /** After sign-in or sign-out: a page of this site, else its front page (an odd or foreign callback URL is not an error). */
    redirect({ url, baseUrl }) {
      try {
        const target = new URL(url, baseUrl);
        return target.origin === new URL(baseUrl).origin ? target.toString() : baseUrl;
      } catch {
        return baseUrl;
      }
    },
    jwt({ token, user }) {
      if (user) {
        token.sub = user.id;
        // Kept through the token's renewals (unlike iat): a password reset ends sessions signed in before it.
        token.signedInAt = Date.now();
      }
      return token;
    },
    session({ session, token }) {
      if (session.user && token.sub) Object.assign(session.user, { id: token.sub, signedInAt: token.signedInAt });
      return session;
    },
  },
};
