import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isNull } from 'drizzle-orm';
import { setPasswordWithToken } from '../../lib/actions/account';
import { invitePerson } from '../../lib/actions/admin';
import { hashPassword, verifyPassword } from '../../lib/auth/password';
import { isSignInBlocked, MAX_FAILURES_PER_ACCOUNT, MAX_FAILURES_PER_ADDRESS, recordSignInAttempt } from '../../lib/auth/rate-limit';
import { consumeToken, createOneTimeLink, findValidToken } from '../../lib/auth/tokens';
import { getDb } from '../../lib/db/client';
import { findActor, findUserByEmail } from '../../lib/db/queries';
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

test('sign-in is blocked after repeated failures per account and per address', async () => {
  for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT - 1; i++) await recordSignInAttempt('victim@school.example', `10.0.0.${i}`, false);
  assert.equal(await isSignInBlocked('victim@school.example', '10.9.9.9'), false);
  await recordSignInAttempt('victim@school.example', '10.0.0.99', false);
  assert.equal(await isSignInBlocked('victim@school.example', '10.9.9.9'), true, 'the account is locked from any address');
  assert.equal(await isSignInBlocked('someone.else@school.example', '10.9.9.9'), false);

  for (let i = 0; i < MAX_FAILURES_PER_ADDRESS; i++) await recordSignInAttempt(`guess${i}@school.example`, '192.0.2.7', false);
  assert.equal(await isSignInBlocked('fresh@school.example', '192.0.2.7'), true, 'one address spraying many accounts is locked');
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

test('a reset link expires and cannot be consumed twice', async () => {
  const { student } = await demoSchool();
  const link = await createOneTimeLink(student.id, 'reset', null);
  const token = link.split('/reset/')[1];
  const found = await findValidToken(token, 'reset');
  assert.ok(found);
  assert.equal(await consumeToken(found.id), true);
  assert.equal(await consumeToken(found.id), false);

  const stale = await createOneTimeLink(student.id, 'reset', null);
  const staleToken = stale.split('/reset/')[1];
  await getDb().update(oneTimeTokens).set({ expiresAt: new Date(Date.now() - 1000) }).where(isNull(oneTimeTokens.usedAt));
  assert.equal(await findValidToken(staleToken, 'reset'), null);
});
