import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clientAddress, isTrusted, parseTrustedProxies } from '../../lib/http/client-address';
import { isCrossSiteWrite } from '../../lib/http/same-origin';
import { securityHeaders } from '../../lib/http/security-headers';

test('the client address is read through trusted proxies only', () => {
  const none = parseTrustedProxies(undefined);
  assert.equal(clientAddress('203.0.113.9', '1.2.3.4', none), '203.0.113.9', 'no proxy configured: the socket is the client, whatever the header says');
  const proxies = parseTrustedProxies('127.0.0.1, 10.0.0.0/8, fd00::/8');
  assert.equal(clientAddress('::ffff:127.0.0.1', '198.51.100.7', proxies), '198.51.100.7', 'one trusted proxy in front');
  assert.equal(clientAddress('10.1.2.3', '6.6.6.6, 198.51.100.7, 10.9.9.9', proxies), '198.51.100.7', 'a forged first hop is skipped: the nearest untrusted hop counts');
  assert.equal(clientAddress('203.0.113.9', '198.51.100.7', proxies), '203.0.113.9', 'a header from an untrusted peer is ignored');
  assert.equal(isTrusted('fd00::1', proxies), true);
  assert.throws(() => parseTrustedProxies('10.0.0.0/x'), /not an address or CIDR range/);
  assert.throws(() => parseTrustedProxies('proxy.example'), /not an address or CIDR range/);
});

test('a state-changing request from another site is recognised; reading, same-origin and non-browser requests are not', () => {
  const own = { host: 'school.example:3000' };
  const url = 'https://lessons.school.example';
  assert.equal(isCrossSiteWrite('GET', { ...own, origin: 'https://evil.example' }, url), false);
  assert.equal(isCrossSiteWrite('POST', { ...own, origin: 'http://school.example:3000' }, url), false);
  assert.equal(isCrossSiteWrite('PUT', { ...own, origin: 'https://lessons.school.example' }, url), false, 'the configured public address');
  assert.equal(isCrossSiteWrite('DELETE', own, url), false, 'no Origin: not a browser page');
  assert.equal(isCrossSiteWrite('POST', { ...own, origin: 'https://evil.example' }, url), true);
  assert.equal(isCrossSiteWrite('POST', { ...own, origin: 'null' }, url), true);
  assert.equal(isCrossSiteWrite('POST', { ...own, 'sec-fetch-site': 'cross-site' }, url), true);
  assert.equal(isCrossSiteWrite('POST', { ...own, 'sec-fetch-site': 'same-site', origin: 'https://other.school.example' }, url), true);
});

test('HSTS only over HTTPS; the rest always', () => {
  assert.equal(securityHeaders(false)['Strict-Transport-Security'], undefined);
  assert.match(securityHeaders(true)['Strict-Transport-Security'], /max-age=31536000/);
  for (const overHttps of [false, true]) assert.match(securityHeaders(overHttps)['Content-Security-Policy'], /frame-ancestors 'none'/);
});
