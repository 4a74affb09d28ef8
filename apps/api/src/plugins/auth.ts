import type { Principal } from '@triage/platform';
import { bearerToken } from '@triage/platform';
import fp from 'fastify-plugin';
import { replyProblem } from '../app/problem';

/** Anything that maps a bearer token to its holder (the platform's TokenStore does). */
export interface Authenticator {
  authenticate(token: string | undefined): Principal | undefined;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Who the request acts as; set by the auth plugin before any handler runs. */
    principal?: Principal;
  }
  interface FastifyContextConfig {
    /** Routes that answer without a token (only /healthz). */
    public?: boolean;
  }
}

const REALM = 'triage';

/**
 * Every route needs `Authorization: Bearer <token>` unless its config says `public: true`; unknown
 * paths too, so that without a token nothing about the API's paths can be learnt. Refusals are
 * 401 problem+json with a WWW-Authenticate challenge (RFC 6750).
 */
export const authPlugin = fp<{ authenticator: Authenticator }>(
  async (app, { authenticator }) => {
    app.decorateRequest('principal', undefined);
    app.addHook('onRequest', async (request, reply) => {
      if (request.routeOptions.config?.public) return;
      const header = request.headers.authorization;
      const token = bearerToken(header);
      const principal = authenticator.authenticate(token);
      if (principal) {
        request.principal = principal;
        return;
      }
      const presented = header !== undefined;
      reply.header('WWW-Authenticate', presented ? `Bearer realm="${REALM}", error="invalid_token"` : `Bearer realm="${REALM}"`);
      return replyProblem(reply, 401, presented ? 'the bearer token is not valid' : 'this route needs an Authorization: Bearer <token> header');
    });
  },
  { name: 'triage-auth' },
);
