import type { NextAuthOptions } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import { findUserByEmail } from '../db/queries';
import { verifyPassword } from './password';
import { isSignInBlocked, recordSignInAttempt } from './rate-limit';

export const SIGN_IN_PATH = '/signin';

function clientAddress(headers: Record<string, string | string[] | undefined> | undefined): string {
  const forwarded = headers?.['x-forwarded-for'];
  const first = Array.isArray(forwarded) ? forwarded[0] : forwarded?.split(',')[0];
  return first?.trim() || 'unknown';
}

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
        const ip = clientAddress(req.headers);
        if (!email || !password) return null;
        if (await isSignInBlocked(email, ip)) throw new Error('RateLimited');
        const user = await findUserByEmail(email);
        const ok = !!user?.passwordHash && !user.disabledAt && (await verifyPassword(user.passwordHash, password));
        await recordSignInAttempt(email, ip, ok);
        if (!ok || !user) return null;
        return { id: user.id, email: user.email, name: user.name };
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user) token.sub = user.id;
      return token;
    },
    session({ session, token }) {
      if (session.user && token.sub) (session.user as { id?: string }).id = token.sub;
      return session;
    },
  },
};
