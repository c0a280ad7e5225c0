/**
 * Node flags for the web server process. Uploads stream through it in 64 KiB
 * chunks; a small young generation collects those short-lived buffers early,
 * so a 4 GiB upload grows the server by ~40 MB instead of ~90 MB (measured by
 * `npm run bench:upload 4`), and streams faster.
 */
export const WEB_SERVER_NODE_OPTIONS = '--max-semi-space-size=2';
