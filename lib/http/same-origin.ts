import type { IncomingHttpHeaders } from 'node:http';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Whether a request that may change something came from another site (CSRF):
 * its Origin names another host than the one it was sent to (Host, or
 * X-Forwarded-Host where a trusted proxy set it — the web server drops it
 * otherwise — or the configured public address), or the browser says it is
 * cross-site. Requests without either header are not from a browser page and
 * carry no cookies a visitor did not hand over. Reading is always allowed.
 */
export function isCrossSiteWrite(method: string | undefined, headers: IncomingHttpHeaders, publicUrl: string): boolean {
  if (SAFE_METHODS.has((method ?? 'GET').toUpperCase())) return false;
  const fetchSite = header(headers, 'sec-fetch-site');
  if (fetchSite && fetchSite !== 'same-origin' && fetchSite !== 'none') return true;
  const origin = header(headers, 'origin');
  if (origin === undefined) return false;
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    return true; // "null" (a sandboxed frame, a data: page) or garbage
  }
  const ownHosts = [header(headers, 'x-forwarded-host')?.split(',')[0].trim(), header(headers, 'host')];
  try {
    ownHosts.push(new URL(publicUrl).host);
  } catch {}
  return !ownHosts.includes(originHost);
}
