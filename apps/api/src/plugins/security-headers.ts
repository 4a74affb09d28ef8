import type { IncomingMessage, ServerResponse } from 'node:http';
import cors from '@fastify/cors';
import fp from 'fastify-plugin';
import helmet, { type HelmetOptions } from 'helmet';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Routes answered with their own Content-Security-Policy instead of {@link VIEWER_CSP} (the API docs). */
    securityHeaders?: 'docs';
  }
}

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

/**
 * The headers helmet sets with `options`, worked out once: helmet's middlewares set the same ones on
 * every answer (no nonces here), and @fastify/helmet would build them again for each request (its
 * directive parsing was one of the largest allocations of a frame read).
 */
export function helmetHeaders(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader: (name: string, value: string | number | readonly string[]) => void (headers[name.toLowerCase()] = String(value)),
    removeHeader: (name: string) => void delete headers[name.toLowerCase()],
  };
  let failure: unknown;
  helmet(options)({} as IncomingMessage, response as unknown as ServerResponse, (error?: unknown) => (failure = error));
  if (failure) throw failure;
  return headers;
}

/**
 * Browser security on every answer (helmet's headers): the CSP above (the docs' own under /docs),
 * nosniff, Referrer-Policy no-referrer (URLs carry UIDs), X-Frame-Options DENY, and helmet's other
 * defaults. CORS (@fastify/cors) only for the origins configured, exactly those (no credentials: the
 * session cookie is SameSite=Strict and never crosses sites); without any, no CORS header at all.
 */
export const securityHeadersPlugin = fp<{ corsOrigins?: readonly string[] }>(
  async (app, { corsOrigins = [] }) => {
    const common: HelmetOptions = {
      referrerPolicy: { policy: 'no-referrer' },
      frameguard: { action: 'deny' },
      // The API answers a viewer on another origin when CORS allows it; same-origin would block its images.
      crossOriginResourcePolicy: { policy: corsOrigins.length > 0 ? 'cross-origin' : 'same-origin' },
    };
    const policy = (csp: Readonly<Record<string, readonly string[]>>) =>
      helmetHeaders({ ...common, contentSecurityPolicy: { useDefaults: false, directives: mutable(csp) } });
    const viewer = policy(VIEWER_CSP);
    const docs = policy(DOCS_CSP);
    app.addHook('onRequest', (request, reply, done) => {
      reply.headers(request.routeOptions.config.securityHeaders === 'docs' ? docs : viewer);
      done();
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
