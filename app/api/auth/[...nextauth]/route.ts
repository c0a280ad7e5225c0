import NextAuth from 'next-auth';
import { newDeviceCookie } from '@/lib/auth/device';
import { authOptions } from '@/lib/auth/options';

const nextAuth = NextAuth(authOptions);

/** next-auth's handler; a browser that has no device cookie yet gets one with the answer (sign-in first fetches the CSRF token here). */
async function handler(request: Request, context: { params: Promise<{ nextauth: string[] }> }): Promise<Response> {
  const response: Response = await nextAuth(request, context);
  const cookie = newDeviceCookie(request.headers.get('cookie'), request.headers.get('x-forwarded-proto') === 'https');
  if (!cookie) return response;
  const headers = new Headers(response.headers);
  headers.append('Set-Cookie', cookie);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

export { handler as GET, handler as POST };
