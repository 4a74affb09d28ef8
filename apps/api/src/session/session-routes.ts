import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@fastify/type-provider-typebox';
import type { SessionStore } from '@triage/platform';
import { ProblemSchema, replyProblem } from '../app/problem';
import { SESSION_COOKIE, clearedSessionCookie, sessionCookieOptions } from './session-cookie';
import { SessionBody, SignInBody } from './session-schemas';

/** What the session routes need: the store, and how many sign-in attempts one client address may make per minute. */
export interface SessionRoutesOptions {
  sessions: Pick<SessionStore, 'create' | 'revoke'>;
  signInRatePerMin: number;
}

const TAGS = ['session'];

/**
 * POST /session exchanges a bearer token for a session cookie (public, rate limited per client
 * address, every attempt audited as `session.create`, never the token); GET /session answers who is
 * signed in and the CSRF token again (a reload finds it); DELETE /session signs out (CSRF, audited
 * as `session.delete`). The cookie is authenticated by the auth plugin.
 */
export const sessionRoutes: FastifyPluginAsyncTypebox<SessionRoutesOptions> = async (app, { sessions, signInRatePerMin }) => {
  app.post(
    '/session',
    {
      config: {
        public: true,
        audit: 'session.create',
        rateLimit: {
          max: signInRatePerMin,
          timeWindow: 60_000,
          errorResponseBuilder: (request, context) => {
            request.refusal = 'too many sign-in attempts';
            return Object.assign(new Error(`too many sign-in attempts from this address; try again in ${context.after}`), {
              statusCode: context.statusCode,
            });
          },
        },
      },
      schema: {
        body: SignInBody,
        response: { 200: SessionBody, 401: ProblemSchema, 429: ProblemSchema },
        description: 'Sign in: exchanges a bearer token for a session cookie (HttpOnly, SameSite=Strict). Rate limited per client address.',
        tags: TAGS,
        security: [],
      },
    },
    async (request, reply) => {
      const session = sessions.create(request.body.token);
      if (!session) {
        request.refusal = 'sign-in with an invalid token';
        return replyProblem(reply, 401, 'the token is not valid');
      }
      request.principal = session.principal;
      reply.header('cache-control', 'no-store');
      reply.setCookie(SESSION_COOKIE, session.sessionId, sessionCookieOptions(request, session.maxAgeSeconds));
      return { principal: session.principal, csrfToken: session.csrfToken, expiresAt: session.expiresAt };
    },
  );

  app.get(
    '/session',
    {
      config: { anyPrincipal: true },
      schema: {
        response: { 200: SessionBody, 401: ProblemSchema },
        description: 'Who is signed in, and the CSRF token (a reloaded page finds it again).',
        tags: TAGS,
      },
    },
    async (request, reply) => {
      const session = request.session;
      if (!session) return replyProblem(reply, 401, 'no session: sign in with POST /session');
      reply.header('cache-control', 'no-store');
      return { principal: session.principal, csrfToken: session.csrfToken, expiresAt: session.expiresAt };
    },
  );

  app.delete(
    '/session',
    {
      config: { anyPrincipal: true, audit: 'session.delete' },
      schema: {
        response: { 204: Type.Null(), 401: ProblemSchema },
        description: 'Sign out: the session is revoked and its cookie cleared.',
        tags: TAGS,
      },
    },
    async (request, reply) => {
      const session = request.session;
      if (!session) return replyProblem(reply, 401, 'no session: sign in with POST /session');
      sessions.revoke(session.id);
      reply.clearCookie(SESSION_COOKIE, clearedSessionCookie(request));
      return reply.code(204).send(null);
    },
  );
};
