/**
 * Headers sent with every answer of the web app (pages, API, static files).
 * Scripts and styles come only from the app itself ('unsafe-inline' because
 * Next.js streams its page data as inline scripts); nothing may frame a page
 * (the lesson page's share button must not be clickjacked); pictures are the
 * app's own or generated (data:/blob:); the microphone is for the voice sample
 * on the profile page, nothing else is used.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'unsafe-inline'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const ALWAYS: Record<string, string> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Frame-Options': 'DENY',
  'X-Content-Type-Options': 'nosniff',
  // Reset and invite links carry their secret in the path: never hand a URL to another site.
  'Referrer-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(self), geolocation=(), payment=(), usb=()',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

/** HSTS only over HTTPS: sent over plain HTTP it would be ignored, and on localhost it would only get in the way. */
const OVER_HTTPS = { 'Strict-Transport-Security': 'max-age=31536000; includeSubDomains' };

export function securityHeaders(overHttps: boolean): Record<string, string> {
  return overHttps ? { ...ALWAYS, ...OVER_HTTPS } : ALWAYS;
}
