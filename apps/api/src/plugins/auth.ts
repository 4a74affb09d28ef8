import type { Action, Principal, Session } from '@triage/platform';
import { bearerToken, mayPerform, sameCsrfToken } from '@triage/platform';
import type { FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import fp from 'fastify-plugin';
import { replyProblem } from '../app/problem';
import { CSRF_HEADER, SESSION_COOKIE, clearedSessionCookie } from '../session/session-cookie';

/** Anything that maps a bearer token to its holder (the platform's TokenStore does). */
export interface Authenticator {
  authenticate(token: string | undefined): Principal | undefined;
}

/** Finds the live session a cookie names (the platform's SessionStore does). */
export interface SessionLookup {
  lookup(sessionId: string | undefined): Session | undefined;
}

/** The session a request was authenticated by, with the id its cookie carried (to sign it out). */
export interface RequestSession extends Session {
  id: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Who the request acts as; set by the auth plugin (or the SigV4 plugin) before any handler runs. */
    principal?: Principal;
    /** Set when the session cookie (not a bearer token) authenticated the request. */
    session?: RequestSession;
    /** Why the request was refused, for the audit log (never a secret). */
    refusal?: string;
  }
  interface FastifyContextConfig {
    /** Routes that answer without a token (/healthz and the API docs under /docs). */
    public?: boolean;
    /** What the route does, from the platform's role table; a route without one is for admins only. */
    action?: Action;
    /** Routes any authenticated principal may use whatever the role (their own session, the viewer's config). */
    anyPrincipal?: boolean;
    /** Routes authenticated by an AWS SigV4 signature (their own plugin sets `request.principal`), not a bearer token. */
    sigv4?: boolean;
  }
}

const REALM = 'triage';
/** Methods that change nothing: a cookie-authenticated request with any other needs the CSRF token. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Every route needs `Authorization: Bearer <token>` or, when sessions are configured and no
 * Authorization header is sent, the session cookie, unless its config says `public: true` (/healthz
 * and the API docs); unknown paths too, so that without a token nothing about the API's data can be
 * learnt beyond what /docs describes. Refusals are 401 problem+json with a WWW-Authenticate challenge
 * (RFC 6750). A cookie-authenticated request that changes state must carry its session's CSRF token
 * in X-CSRF-Token, else 403 (a bearer token needs none: browsers never send that header on their
 * own). Then the principal's role must allow the route's `action` (the platform's PERMISSIONS
 * table), else 403 problem+json: checked before the body is read. Routes with `sigv4: true` are
 * authenticated by their own plugin; their action is checked in a route-level preHandler, which runs
 * after every other hook, and a refusal is thrown as a 403 error for their own error handler to
 * answer (AWS-shaped).
 */
export const authPlugin = fp<{ authenticator: Authenticator; sessions?: SessionLookup }>(
  async (app, { authenticator, sessions }) => {
    app.decorateRequest('principal', undefined);
    app.decorateRequest('session', undefined);
    app.decorateRequest('refusal', undefined);
    app.addHook('onRoute', (route) => {
      if (!route.config?.sigv4) return;
      // Thrown, not answered: the SigV4 routes' error handler answers AWS-shaped (403 AccessDeniedException) so SDKs raise it by name.
      const enforce: preHandlerAsyncHookHandler = async (request) => {
        if (!request.principal) {
          request.refusal = 'no verified signature';
          throw forbidden('the request carries no verified signature');
        }
        const refused = refusal(request);
        if (refused !== undefined) throw forbidden(refused);
      };
      route.preHandler = [...[route.preHandler ?? []].flat(), enforce];
    });
    app.addHook('onRequest', async (request, reply) => {
      const config = request.routeOptions.config;
      if (config?.public || config?.sigv4) return;
      const header = request.headers.authorization;
      const cookie = header === undefined && sessions ? request.cookies[SESSION_COOKIE] : undefined;
      if (cookie !== undefined && sessions) return bySession(request, reply, sessions, cookie);
      const token = bearerToken(header);
      const principal = authenticator.authenticate(token);
      if (principal) {
        request.principal = principal;
        return authorize(request, reply);
      }
      const presented = header !== undefined;
      request.refusal = presented ? 'invalid bearer token' : 'no bearer token';
      reply.header('WWW-Authenticate', presented ? `Bearer realm="${REALM}", error="invalid_token"` : `Bearer realm="${REALM}"`);
      return replyProblem(
        reply,
        401,
        presented
          ? 'the bearer token is not valid'
          : `this route needs an Authorization: Bearer <token> header${sessions ? ' or a session (POST /session)' : ''}`,
      );
    });
  },
  { name: 'triage-auth', dependencies: ['@fastify/cookie'] },
);

/** Authenticates by the session cookie: a dead session is 401 (and its cookie cleared), a state change without the CSRF token 403. */
function bySession(request: FastifyRequest, reply: FastifyReply, sessions: SessionLookup, id: string): FastifyReply | undefined {
  const session = sessions.lookup(id);
  if (!session) {
    request.refusal = 'invalid or expired session';
    reply.clearCookie(SESSION_COOKIE, clearedSessionCookie(request));
    reply.header('WWW-Authenticate', `Bearer realm="${REALM}"`);
    return replyProblem(reply, 401, 'the session has ended (expired, signed out or its token revoked): sign in again');
  }
  request.principal = session.principal;
  request.session = { ...session, id };
  if (!SAFE_METHODS.has(request.method) && !sameCsrfToken(session.csrfToken, csrfHeader(request))) {
    request.refusal = 'missing or wrong CSRF token';
    return replyProblem(
      reply,
      403,
      `a request authenticated by the session cookie that changes state needs the session's X-CSRF-Token header`,
    );
  }
  return authorize(request, reply);
}

function csrfHeader(request: FastifyRequest): string | undefined {
  const value = request.headers[CSRF_HEADER];
  return typeof value === 'string' ? value : undefined;
}

/** Refuses with 403 unless the principal's role may perform the route's action; unknown paths fall through to 404. */
function authorize(request: FastifyRequest, reply: FastifyReply): FastifyReply | undefined {
  const refused = refusal(request);
  return refused === undefined ? undefined : replyProblem(reply, 403, refused);
}

/** Why the principal may not perform the route's action (also noted for the audit log), or undefined when it may. */
function refusal(request: FastifyRequest): string | undefined {
  if (request.is404) return undefined;
  const { role } = request.principal as Principal;
  const config = request.routeOptions.config;
  if (config?.anyPrincipal) return undefined;
  const action = config?.action;
  const allowed = action ? mayPerform(role, action) : role === 'admin';
  if (allowed) return undefined;
  request.refusal = action ? `role ${role} may not ${action}` : `role ${role} may not use a route that declares no action`;
  return action ? `the role ${role} may not perform ${action}` : `the role ${role} may not use this route`;
}

/** A 403 for the route's error handler to answer in its own shape. */
function forbidden(message: string): Error & { statusCode: number } {
  return Object.assign(new Error(message), { statusCode: 403 });
}
