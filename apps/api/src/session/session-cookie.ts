import type { CookieSerializeOptions } from '@fastify/cookie';
import type { FastifyRequest } from 'fastify';

/** The cookie that carries a browser session's id (opaque: 32 random bytes, base64url). */
export const SESSION_COOKIE = 'triage_session';

/** The header a cookie-authenticated request that changes state carries its session's CSRF token in. */
export const CSRF_HEADER = 'x-csrf-token';

/** How the session cookie is set: never readable by scripts, never sent cross-site, `Secure` when the request came over TLS. */
export function sessionCookieOptions(request: FastifyRequest, maxAgeSeconds: number): CookieSerializeOptions {
  return { httpOnly: true, sameSite: 'strict', path: '/', maxAge: maxAgeSeconds, secure: request.protocol === 'https' };
}

/** The attributes the cookie is cleared with (sign-out, a dead session): the same ones, so the browser replaces it. */
export function clearedSessionCookie(request: FastifyRequest): CookieSerializeOptions {
  return sessionCookieOptions(request, 0);
}
