import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import fp from 'fastify-plugin';

/**
 * The Content-Security-Policy of every answer (docs/CLINICIAN_API.md): only the app's own scripts,
 * workers (and blob: workers the image loader starts) and WebAssembly; no inline script or style,
 * never framed.
 */
export const VIEWER_CSP: Readonly<Record<string, readonly string[]>> = {
  'default-src': ["'none'"],
  'script-src': ["'self'", "'wasm-unsafe-eval'"],
  'worker-src': ["'self'", 'blob:'],
  'connect-src': ["'self'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  'style-src': ["'self'"],
  'font-src': ["'self'"],
  'base-uri': ["'none'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};

/** Swagger UI's policy under /docs: its own scripts, and the inline styles and data: images it renders with. */
export const DOCS_CSP: Readonly<Record<string, readonly string[]>> = {
  ...VIEWER_CSP,
  'style-src': ["'self'", "'unsafe-inline'"],
  'font-src': ["'self'", 'data:'],
  'img-src': ["'self'", 'data:'],
};

/** Headers a cross-origin client may send (a bearer-token client: a benchmark page, another viewer). */
const CORS_ALLOWED_HEADERS = ['authorization', 'content-type', 'accept', 'range', 'x-csrf-token'];
/** Headers a cross-origin client may read (byte ranges, resolution ends, unreadable-instance warnings, rate limits). */
const CORS_EXPOSED_HEADERS = ['content-range', 'x-triage-resolution-ends', 'warning', 'retry-after'];

/** The route config that gives a route (the API docs) its own policy instead of {@link VIEWER_CSP}. */
export function docsHelmetConfig(): { contentSecurityPolicy: { useDefaults: false; directives: Record<string, string[]> } } {
  return { contentSecurityPolicy: { useDefaults: false, directives: mutable(DOCS_CSP) } };
}

/**
 * Browser security on every answer (@fastify/helmet): the CSP above, nosniff, Referrer-Policy
 * no-referrer (URLs carry UIDs), X-Frame-Options DENY, and helmet's other defaults. CORS
 * (@fastify/cors) only for the origins configured, exactly those (no credentials: the session
 * cookie is SameSite=Strict and never crosses sites); without any, no CORS header at all.
 */
export const securityHeadersPlugin = fp<{ corsOrigins?: readonly string[] }>(
  async (app, { corsOrigins = [] }) => {
    await app.register(helmet, {
      contentSecurityPolicy: { useDefaults: false, directives: mutable(VIEWER_CSP) },
      referrerPolicy: { policy: 'no-referrer' },
      frameguard: { action: 'deny' },
      // The API answers a viewer on another origin when CORS allows it; same-origin would block its images.
      crossOriginResourcePolicy: { policy: corsOrigins.length > 0 ? 'cross-origin' : 'same-origin' },
    });
    if (corsOrigins.length === 0) return;
    // Preflights carry no credentials: the OPTIONS route @fastify/cors adds must be public to answer them.
    app.addHook('onRoute', (route) => {
      if (route.method === 'OPTIONS' && route.url === '*') route.config = { ...route.config, public: true };
    });
    await app.register(cors, {
      origin: [...corsOrigins],
      methods: ['GET', 'HEAD', 'POST', 'PUT', 'DELETE'],
      allowedHeaders: CORS_ALLOWED_HEADERS,
      exposedHeaders: CORS_EXPOSED_HEADERS,
      credentials: false,
      maxAge: 600,
    });
  },
  { name: 'triage-security-headers' },
);

function mutable(directives: Readonly<Record<string, readonly string[]>>): Record<string, string[]> {
  return Object.fromEntries(Object.entries(directives).map(([name, values]) => [name, [...values]]));
}
