import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { eq } from 'drizzle-orm';
import type { Browser } from 'playwright-core';
import { setPasswordWithToken } from '../lib/actions/account';
import { recordSignInAttempt } from '../lib/auth/rate-limit';
import { createResetLink } from '../lib/actions/admin';
import { getDb } from '../lib/db/client';
import { createLesson, findActor } from '../lib/db/queries';
import { classes, signInAttempts, users } from '../lib/db/schema';
import { DEMO_PASSWORD } from '../lib/db/seed';
import { startApp, type RunningApp } from './helpers/app';
import { launchBrowser, signInPage } from './helpers/browser';
import { sessionCookie } from './helpers/http';

let app: RunningApp;
let browser: Browser;
before(async () => {
  app = await startApp({ workers: 0 });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await app?.stop();
});

async function userId(email: string): Promise<string> {
  const [user] = await getDb().select().from(users).where(eq(users.email, email));
  return user.id;
}

async function newLessonOf(email: string): Promise<string> {
  const teacherId = await userId(email);
  const [cls] = await getDb().select().from(classes).where(eq(classes.teacherId, teacherId));
  const lesson = await createLesson({ schoolId: cls.schoolId, classId: cls.id, teacherId, title: 'Security', taughtOn: '2026-11-30' });
  return lesson.id;
}

/** A browser's cookies, kept between requests (the device cookie above all). */
class CookieJar {
  private readonly cookies = new Map<string, string>();
  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
  take(response: Response): void {
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const at = pair.indexOf('=');
      this.cookies.set(pair.slice(0, at), pair.slice(at + 1));
    }
  }
}

/** A sign-in with the right password and an odd callback URL, as a hand-made form would post it. */
async function credentialsWithCallback(callbackUrl: string): Promise<Response> {
  const jar = new CookieJar();
  const csrf = await fetch(`${app.url}/api/auth/csrf`);
  jar.take(csrf);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  return fetch(`${app.url}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: jar.header() },
    body: new URLSearchParams({ csrfToken, email: 'jordan.blake@riverside.example', password: DEMO_PASSWORD, callbackUrl, json: 'true' }),
  });
}

/** One sign-in attempt through next-auth, as the sign-in form makes it: 'ok', or next-auth's error code. */
async function attemptSignIn(jar: CookieJar, email: string, password: string, headers: Record<string, string> = {}): Promise<string> {
  const csrf = await fetch(`${app.url}/api/auth/csrf`, { headers: { Cookie: jar.header(), ...headers } });
  jar.take(csrf);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const response = await fetch(`${app.url}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: jar.header(), ...headers },
    body: new URLSearchParams({ csrfToken, email, password, json: 'true' }),
  });
  jar.take(response);
  const location = response.headers.get('location') ?? ((await response.json().catch(() => ({}))) as { url?: string }).url ?? '';
  return new URL(location, app.url).searchParams.get('error') ?? 'ok';
}

test('pages and API answers carry the security headers; HSTS is not sent over plain HTTP, whatever a client claims', async () => {
  const lessonId = await newLessonOf('alex.chen@riverside.example');
  for (const path of ['/signin', '/api/auth/providers', `/api/lessons/${lessonId}/status`, '/no-such-page']) {
    const response = await fetch(`${app.url}${path}`, { headers: { 'X-Forwarded-Proto': 'https' } });
    await response.arrayBuffer();
    const headers = response.headers;
    assert.match(headers.get('content-security-policy') ?? '', /frame-ancestors 'none'/, path);
    assert.match(headers.get('content-security-policy') ?? '', /default-src 'self'/, path);
    assert.equal(headers.get('x-content-type-options'), 'nosniff', path);
    assert.equal(headers.get('x-frame-options'), 'DENY', path);
    assert.equal(headers.get('referrer-policy'), 'same-origin', path);
    assert.match(headers.get('permissions-policy') ?? '', /camera=\(\)/, path);
    assert.equal(headers.get('strict-transport-security'), null, `${path}: a forged X-Forwarded-Proto from an untrusted client does not switch HSTS on`);
  }
});

test('a page of LessonLens refuses to render inside another site’s frame (Chromium)', async () => {
  const lessonId = await newLessonOf('alex.chen@riverside.example');
  const attacker = http.createServer((_, res) => res.end(`<html><body><iframe id="victim" src="${app.url}/lessons/${lessonId}" width="800" height="600"></iframe></body></html>`));
  await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
  try {
    const page = await signInPage(browser, app.url, 'alex.chen@riverside.example');
    const own = await page.goto(`/lessons/${lessonId}`);
    assert.equal(own?.status(), 200);
    await page.getByRole('button', { name: 'Share with department head' }).waitFor();
    await page.goto(`http://localhost:${(attacker.address() as AddressInfo).port}/`);
    await page.waitForTimeout(1500);
    const framed = page.frames().filter((frame) => frame !== page.mainFrame());
    assert.equal(framed.length, 1);
    assert.equal(await framed[0].getByRole('button', { name: 'Share with department head' }).count(), 0, 'the share button is not shown in the frame');
    assert.doesNotMatch(await framed[0].content(), /LessonLens|Share with department head/, 'nothing of the page is rendered in the frame');
    await page.context().close();
  } finally {
    attacker.close();
  }
});

/** Each sign-in test starts from a clean slate: all of them come from 127.0.0.1. */
const forgetSignIns = () => getDb().delete(signInAttempts);

test('a forged X-Forwarded-For does not lift the per-address sign-in limit', async () => {
  await forgetSignIns();
  const outcomes: string[] = [];
  for (let i = 0; i < 20; i++) {
    outcomes.push(await attemptSignIn(new CookieJar(), `nobody${i}@riverside.example`, 'wrong password', { 'X-Forwarded-For': `203.0.113.${i}` }));
  }
  assert.deepEqual(outcomes, Array(20).fill('CredentialsSignin'), 'unknown addresses answer like wrong passwords');
  const addresses = new Set((await getDb().select({ ip: signInAttempts.ip }).from(signInAttempts)).map((row) => row.ip));
  assert.deepEqual([...addresses], ['127.0.0.1'], 'every attempt counted against the real address');
  // A few more failures make the wait long enough for the checks below not to depend on timing.
  for (let i = 0; i < 5; i++) await recordSignInAttempt(`more${i}@riverside.example`, '127.0.0.1', null, false);
  assert.match(await attemptSignIn(new CookieJar(), 'nobody99@riverside.example', 'wrong password', { 'X-Forwarded-For': '203.0.113.99' }), /^RateLimited:\d+$/, 'attempts from the address wait, whatever it claims');
  assert.match(await attemptSignIn(new CookieJar(), 'jordan.blake@riverside.example', 'wrong password', { 'X-Forwarded-For': '198.51.100.1' }), /^RateLimited:/);
  await forgetSignIns();
});

test('other people’s failures never lock the owner out of their own device, from the same address or not', async () => {
  await forgetSignIns();
  const owner = new CookieJar();
  assert.equal(await attemptSignIn(owner, 'sam.rivera@riverside.example', DEMO_PASSWORD, { 'X-Forwarded-For': '10.9.9.9' }), 'ok', 'the owner signs in (from 127.0.0.1, whatever the header says)');
  for (let i = 0; i < 25; i++) await attemptSignIn(new CookieJar(), 'sam.rivera@riverside.example', `guess ${i}`);
  // Slowed guessers get through only now and then; ten more failures make the wait long enough not to depend on timing.
  for (let i = 0; i < 10; i++) await recordSignInAttempt('sam.rivera@riverside.example', '127.0.0.1', null, false);
  const stranger = await attemptSignIn(new CookieJar(), 'sam.rivera@riverside.example', DEMO_PASSWORD);
  assert.match(stranger, /^RateLimited:/, 'a new device waits, even with the right password');
  assert.equal(await attemptSignIn(owner, 'sam.rivera@riverside.example', DEMO_PASSWORD), 'ok', 'the owner’s known device signs in at once');
  await forgetSignIns();
});

test('a password reset ends the sessions signed in before it; an admin’s reset link is named at the next sign-in', async () => {
  const email = 'ava.patel@riverside.example';
  const before = await sessionCookie(app.url, email);
  assert.ok(before);
  assert.equal((await fetch(`${app.url}/dashboard`, { headers: { Cookie: before }, redirect: 'manual' })).status, 200);

  const admin = await findActor(await userId('morgan.admin@riverside.example'));
  const issued = await createResetLink(admin, { userId: await userId(email) });
  const token = issued.link!.split('/reset/')[1];
  assert.equal((await setPasswordWithToken('reset', { token, password: 'a new long password', confirm: 'a new long password' })).ok, true);

  const stale = await fetch(`${app.url}/dashboard`, { headers: { Cookie: before }, redirect: 'manual' });
  assert.equal(stale.status, 307, 'the old session is over');
  assert.match(stale.headers.get('location') ?? '', /\/signin$/);
  assert.equal(await sessionCookie(app.url, email), null, 'the old password no longer works');
  const after = await sessionCookie(app.url, email, 'a new long password');
  assert.ok(after);
  const dashboard = await (await fetch(`${app.url}/dashboard`, { headers: { Cookie: after } })).text();
  assert.match(dashboard, /Morgan[^<]* created a password reset link for your account/);
});

test('malformed and cross-site requests get a 4xx with a sentence, never a 500', async () => {
  const cookie = (await sessionCookie(app.url, 'alex.chen@riverside.example'))!;
  const lessonId = await newLessonOf('alex.chen@riverside.example');
  const checks: Array<[string, Promise<Response>, number]> = [
    ['bad X-File-Name encoding', fetch(`${app.url}/api/lessons/${lessonId}/media`, { method: 'PUT', headers: { Cookie: cookie, 'X-File-Name': '%E0%A4%A' }, body: 'x' }), 400],
    ['a NUL in a person key', fetch(`${app.url}/api/lessons/${lessonId}/people/P1%00/thumbnail`, { headers: { Cookie: cookie } }), 404],
    ['a person key that is not one', fetch(`${app.url}/api/lessons/${lessonId}/people/${'x'.repeat(300)}/thumbnail`, { headers: { Cookie: cookie } }), 404],
    ['a multipart post without a boundary', fetch(`${app.url}/api/profile/face-photos`, { method: 'POST', headers: { Cookie: cookie, 'Content-Type': 'multipart/form-data' }, body: 'x' }), 400],
    ['a face photo post that is not a form', fetch(`${app.url}/api/profile/face-photos`, { method: 'POST', headers: { Cookie: cookie, 'Content-Type': 'text/plain' }, body: 'x' }), 400],
    ['a cross-site upload', fetch(`${app.url}/api/lessons/${lessonId}/media`, { method: 'PUT', headers: { Cookie: cookie, Origin: 'https://evil.example' }, body: 'x' }), 403],
    ['a cross-site face photo delete', fetch(`${app.url}/api/profile/face-photos`, { method: 'DELETE', headers: { Cookie: cookie, 'Sec-Fetch-Site': 'cross-site' } }), 403],
    ['a cross-site voice sample', fetch(`${app.url}/api/profile/voice-sample`, { method: 'POST', headers: { Cookie: cookie, Origin: 'null' }, body: 'x' }), 403],
    [
      'a server action from another origin',
      fetch(`${app.url}/dashboard`, { method: 'POST', headers: { Cookie: cookie, Origin: 'https://evil.example', 'Next-Action': '0'.repeat(42), 'Content-Type': 'text/plain' }, body: '[]' }),
      403,
    ],
    [
      'a server action whose forged X-Forwarded-Host matches its Origin',
      fetch(`${app.url}/dashboard`, {
        method: 'POST',
        headers: { Cookie: cookie, Origin: 'https://evil.example', 'X-Forwarded-Host': 'evil.example', 'Next-Action': '0'.repeat(42), 'Content-Type': 'text/plain' },
        body: '[]',
      }),
      403,
    ],
    ['a NUL in the sign-in error page’s query', fetch(`${app.url}/api/auth/error?error=%00`, { redirect: 'manual' }), 400],
    ['a broken UTF-8 sign-in error', fetch(`${app.url}/api/auth/error?error=/%E0%A4%A`, { redirect: 'manual' }), 400],
    ...['%', 'http://[::1', 'javascript:alert(1)', '\\\\evil'].map(
      (callbackUrl): [string, Promise<Response>, number] => [`the odd callback URL ${callbackUrl}`, credentialsWithCallback(callbackUrl), 200],
    ),
  ];
  for (const [what, request, status] of checks) {
    const response = await request;
    const body = await response.text();
    assert.equal(response.status, status, `${what}: ${body.slice(0, 200)}`);
    if (status >= 400 && response.headers.get('content-type')?.includes('json')) assert.match((JSON.parse(body) as { error: string }).error, /\w+ \w+/, `${what}: a sentence`);
  }

  const big = await fetch(`${app.url}/api/profile/voice-sample`, { method: 'POST', headers: { Cookie: cookie }, body: Buffer.alloc(60 * 1024 * 1024) });
  assert.equal(big.status, 413, 'an oversized stream is answered, not reset');
  assert.match(((await big.json()) as { error: string }).error, /must be under 50 MB/);
  const form = new FormData();
  form.append('photos', new Blob([Buffer.alloc(12 * 1024 * 1024)]), 'huge.jpg');
  const photo = await fetch(`${app.url}/api/profile/face-photos`, { method: 'POST', headers: { Cookie: cookie }, body: form });
  assert.equal(photo.status, 413);
  assert.match(((await photo.json()) as { error: string }).error, /under 10 MB/);
});
