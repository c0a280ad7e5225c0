import NextAuth from 'next-auth';
import { newDeviceCookie } from '@/lib/auth/device';
import { authOptions } from '@/lib/auth/options';

const nextAuth = NextAuth(authOptions);

/** next-auth copies query values (error, callbackUrl) into a Location header as they are: one that cannot be there is a malformed request, not a server error. */
function unsafeForHeaders(request: Request): boolean {
  return [...new URL(request.url).searchParams.values()].some((value) => /[^\x20-\x7e]/.test(value));
}

/** next-auth's handler; a browser that has no device cookie yet gets one with the answer (sign-in first fetches the CSRF token here). */
async function handler(request: Request, context: { params: Promise<{ nextauth: string[] }> }): Promise<Response> {
  if (unsafeForHeaders(request)) return Response.json({ error: 'The sign-in request is malformed.' }, { status: 400 });
  const response: Response = await nextAuth(request, context);
  const cookie = newDeviceCookie(request.headers.get('cookie'), request.headers.get('x-forwarded-proto') === 'https');
  if (!cookie) return response;
  const headers = new Headers(response.headers);
  headers.append('Set-Cookie', cookie);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

export { handler as GET, handler as POST };
