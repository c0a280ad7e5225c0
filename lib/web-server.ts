/**
 * Node flags for the web server process. Uploads stream through it in 64 KiB
 * chunks; a small young generation collects those short-lived buffers early,
 * so a 4 GiB upload grows the server by ~40 MB instead of ~90 MB (measured by
 * `npm run bench:upload 4`), and streams faster.
 */
export const WEB_SERVER_NODE_OPTIONS = '--max-semi-space-size=2';

/** How the web server process is started (scripts/web.ts): it listens on PORT, on every interface or only on `host`. */
export function webServerArgs(host?: string): string[] {
  return [...WEB_SERVER_NODE_OPTIONS.split(' '), '--import', 'tsx', 'scripts/web.ts', ...(host ? ['--host', host] : [])];
}
