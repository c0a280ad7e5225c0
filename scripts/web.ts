import http from 'node:http';
import { config } from '../lib/config';
import { clientAddress, isTrusted } from '../lib/http/client-address';
import { isCrossSiteWrite } from '../lib/http/same-origin';
import { securityHeaders } from '../lib/http/security-headers';

/**
 * The web server process: Next.js behind a plain Node HTTP server that is the
 * only place a request's origin is known. Headers a client could forge are
 * settled here, before the app sees them: X-Forwarded-For becomes the client
 * address (read through trusted proxies only, TRUSTED_PROXIES), and
 * X-Forwarded-Host/-Proto/-Port are dropped unless a trusted proxy sent them,
 * so neither the sign-in limits nor an origin check can be talked round. Every
 * answer gets the security headers, and every request that may change
 * something (route handlers, server actions, sign-in) is refused with a 403
 * when it comes from another site — one check for all, before Next's own
 * server-action check, which would answer 500.
 */
const port = Number(process.env.PORT ?? 3000);
const hostArg = process.argv.indexOf('--host');
const hostname = hostArg > 0 ? process.argv[hostArg + 1] : undefined;
const FORWARDED_DETAILS = ['x-forwarded-host', 'x-forwarded-proto', 'x-forwarded-port'];

function settleForwardedHeaders(req: http.IncomingMessage): { overHttps: boolean } {
  const peer = req.socket.remoteAddress ?? '';
  const fromProxy = isTrusted(peer, config.trustedProxies);
  const forwardedFor = req.headers['x-forwarded-for'];
  req.headers['x-forwarded-for'] = fromProxy ? clientAddress(peer, Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor, config.trustedProxies) : clientAddress(peer, undefined, config.trustedProxies);
  if (!fromProxy) for (const name of FORWARDED_DETAILS) delete req.headers[name];
  const proto = req.headers['x-forwarded-proto'];
  return { overHttps: (req.socket as { encrypted?: boolean }).encrypted === true || (typeof proto === 'string' && proto.split(',')[0].trim() === 'https') };
}

async function main() {
  // What `next start` sets before loading Next.js (React picks its production build from it).
  Object.assign(process.env, { NODE_ENV: 'production' });
  const { default: next } = await import('next');
  const app = next({ dev: false, hostname, port });
  const handle = app.getRequestHandler();
  await app.prepare();
  const server = http.createServer((req, res) => {
    const { overHttps } = settleForwardedHeaders(req);
    for (const [name, value] of Object.entries(securityHeaders(overHttps))) res.setHeader(name, value);
    if (isCrossSiteWrite(req.method, req.headers, config.publicUrl)) {
      res.writeHead(403, { 'Content-Type': 'application/json' }).end(JSON.stringify({ error: 'This request came from another site, so it was refused.' }));
      return;
    }
    handle(req, res).catch((error) => {
      console.error('[web]', error);
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  server.listen(port, hostname, () => console.log(`[web ${process.pid}] listening on ${hostname ?? '*'}:${port}`));
  const stop = () => {
    server.close(() => process.exit(0));
    server.closeIdleConnections();
    setTimeout(() => process.exit(0), 5000).unref();
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
