import { buildSync } from 'esbuild';

/**
 * Node flags for the web server process. Uploads stream through it in 64 KiB
 * chunks; a small young generation collects those short-lived buffers early,
 * so a 4 GiB upload grows the server by ~40 MB instead of ~90 MB (measured by
 * `npm run bench:upload 4`), and streams faster.
 */
export const WEB_SERVER_NODE_OPTIONS = '--max-semi-space-size=2';

const ENTRY = 'scripts/web.ts';
const BUNDLE = '.next/web-server.mjs';

/**
 * Makes the web server's program and returns the node arguments that start
 * it: scripts/web.ts with the lib modules it uses, bundled into plain
 * JavaScript (packages stay imports), because a TypeScript loader in the web
 * process would cost it ~80 MB of memory (98 → 183 MB at rest). It listens
 * on PORT, on every interface or only on `host`.
 */
export function prepareWebServer(host?: string): string[] {
  buildSync({ entryPoints: [ENTRY], outfile: BUNDLE, bundle: true, packages: 'external', platform: 'node', format: 'esm', target: 'node20', logLevel: 'error' });
  return [...WEB_SERVER_NODE_OPTIONS.split(' '), BUNDLE, ...(host ? ['--host', host] : [])];
}
