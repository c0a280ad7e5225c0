import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isNull } from 'drizzle-orm';
import { setPasswordWithToken } from '../../lib/actions/account';
import { invitePerson } from '../../lib/actions/admin';
import { hashPassword, verifyPassword } from '../../lib/auth/password';
import { checkSignIn, FREE_FAILURES, recordSignInAttempt } from '../../lib/auth/rate-limit';
import { createOneTimeLink, findValidToken, setPasswordWithLink } from '../../lib/auth/tokens';
import { getDb } from '../../lib/db/client';
import { findActor, findUserByEmail, resetLinksByOthersSincePreviousSignIn } from '../../lib/db/queries';
import { oneTimeTokens } from '../../lib/db/schema';
import { useTestDatabase } from '../helpers/database';
import { demoSchool } from '../helpers/fixtures';

useTestDatabase();

test('passwords are stored as argon2id hashes and only the right password verifies', async () => {
  const hash = await hashPassword('correct horse battery');
  assert.match(hash, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  assert.equal(await verifyPassword(hash, 'correct horse battery'), true);
  assert.equal(await verifyPassword(hash, 'correct horse batterY'), false);
  assert.equal(await verifyPassword('not a hash', 'x'), false);
});

test('failed sign-ins slow down further attempts progressively, per account and address', async () => {
  const start = new Date('2026-12-01T09:00:00Z');
  const at = (seconds: number) => new Date(start.getTime() + seconds * 1000);
  for (let i = 0; i < FREE_FAILURES.accountFromAddress; i++) await recordSignInAttempt('victim@school.example', '10.0.0.1', null, false, at(i));
  assert.deepEqual(await checkSignIn('victim@school.example', '10.0.0.1', null, at(4.2)), { allowed: false, retryAfterSeconds: 1 });
  assert.deepEqual(await checkSignIn('victim@school.example', '10.0.0.1', null, at(5)), { allowed: true }, 'the first wait is a second');
  await recordSignInAttempt('victim@school.example', '10.0.0.1', null, false, at(5));
  assert.deepEqual(await checkSignIn('victim@school.example', '10.0.0.1', null, at(5.2)), { allowed: false, retryAfterSeconds: 2 }, 'then it doubles');
  assert.deepEqual(await checkSignIn('victim@school.example', '10.0.0.2', null, at(5.2)), { allowed: true }, 'another address is not slowed by these six');
  assert.deepEqual(await checkSignIn('other@school.example', '10.0.0.1', null, at(5.2)), { allowed: true }, 'nor another account from this address');
});

test('another person’s failures never slow the owner down on a device they signed in from before', async () => {
  const owner = 'owner@school.example';
  const device = 'd'.repeat(64);
  await recordSignInAttempt(owner, '198.51.100.5', device, true);
  // Someone behind the same school address, and a botnet elsewhere, guess the owner's password.
  for (let i = 0; i < 30; i++) await recordSignInAttempt(owner, i % 2 ? '198.51.100.5' : `203.0.113.${i}`, null, false);
  assert.equal((await checkSignIn(owner, '198.51.100.5', null)).allowed, false, 'guessers are slowed down');
  assert.equal((await checkSignIn(owner, '198.51.100.77', 'e'.repeat(64))).allowed, false, 'an unknown device anywhere is slowed once the account has many failures');
  assert.deepEqual(await checkSignIn(owner, '198.51.100.5', device), { allowed: true }, 'the owner on their known device is not');
  for (let i = 0; i < FREE_FAILURES.accountOnDevice; i++) await recordSignInAttempt(owner, '198.51.100.5', device, false);
  assert.equal((await checkSignIn(owner, '198.51.100.5', device)).allowed, false, 'the known device’s own failures do count');
});

test('one address trying many accounts is slowed down', async () => {
  for (let i = 0; i < FREE_FAILURES.address; i++) await recordSignInAttempt(`guess${i}@school.example`, '192.0.2.7', null, false);
  assert.equal((await checkSignIn('fresh@school.example', '192.0.2.7', null)).allowed, false);
  assert.equal((await checkSignIn('fresh@school.example', '192.0.2.8', null)).allowed, true);
});

test('an invite link sets the password once and then is used up', async () => {
  const { admin } = await demoSchool();
  const invited = await invitePerson(admin, { name: 'Nia Teacher', email: 'Nia.Teacher@Riverside.example', roles: ['teacher'] });
  assert.ok(invited.ok && invited.link, invited.error);
  const token = invited.link!.split('/invite/')[1];
  assert.equal(await findActor(invited.id!), null, 'no sign-in before the invite is accepted');

  assert.match((await setPasswordWithToken('invite', { token, password: 'short', confirm: 'short' })).error ?? '', /at least 10/);
  assert.match((await setPasswordWithToken('reset', { token, password: 'long enough pass', confirm: 'long enough pass' })).error ?? '', /invalid/, 'an invite token is not a reset token');
  const accepted = await setPasswordWithToken('invite', { token, password: 'long enough pass', confirm: 'long enough pass' });
  assert.equal(accepted.ok, true);
  const user = await findUserByEmail('nia.teacher@riverside.example');
  assert.equal(await verifyPassword(user!.passwordHash!, 'long enough pass'), true);
  const again = await setPasswordWithToken('invite', { token, password: 'another password', confirm: 'another password' });
  assert.match(again.error ?? '', /already used/);
});

test('a reset link works once, only the newest one works, and it ends the sessions signed in before it', async () => {
  const { student } = await demoSchool();
  const older = (await createOneTimeLink(student.id, 'reset', null)).split('/reset/')[1];
  const newer = (await createOneTimeLink(student.id, 'reset', null)).split('/reset/')[1];
  assert.equal(await findValidToken(older, 'reset'), null, 'a newer link makes the older one invalid');
  const found = await findValidToken(newer, 'reset');
  assert.ok(found);

  const signedInBefore = Date.now() - 1000;
  assert.ok(await findActor(student.id, { signedInAt: signedInBefore }));
  assert.equal(await setPasswordWithLink(found, await hashPassword('a brand new password')), true);
  assert.equal(await setPasswordWithLink(found, await hashPassword('yet another password')), false, 'used up');
  assert.equal(await findActor(student.id, { signedInAt: signedInBefore }), null, 'a session from before the reset is over');
  assert.ok(await findActor(student.id, { signedInAt: Date.now() + 1 }), 'a new sign-in works');

  const stale = (await createOneTimeLink(student.id, 'reset', null)).split('/reset/')[1];
  await getDb().update(oneTimeTokens).set({ expiresAt: new Date(Date.now() - 1000) }).where(isNull(oneTimeTokens.usedAt));
  assert.equal(await findValidToken(stale, 'reset'), null, 'an expired link is invalid');
});

test('a reset link made by an admin is named to the person at their next sign-in, and only then', async () => {
  const { owner, admin } = await demoSchool();
  const earlier = new Date(Date.now() - 3600_000);
  await recordSignInAttempt(owner.email, '10.1.1.1', null, true, earlier);
  await createOneTimeLink(owner.id, 'reset', admin.id);
  const nextSignIn = new Date();
  await recordSignInAttempt(owner.email, '10.1.1.1', null, true, nextSignIn);
  const notices = await resetLinksByOthersSincePreviousSignIn(owner, nextSignIn);
  assert.deepEqual(notices.map((n) => n.createdByName), [admin.name]);
  const later = new Date(Date.now() + 1000);
  await recordSignInAttempt(owner.email, '10.1.1.1', null, true, later);
  assert.deepEqual(await resetLinksByOthersSincePreviousSignIn(owner, later), [], 'told once: not again at the sign-in after');
});
