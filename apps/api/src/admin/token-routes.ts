import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@fastify/type-provider-typebox';
import { ROLES } from '@triage/platform';
import type { Role } from '@triage/platform';
import { ProblemSchema, replyProblem } from '../app/problem';
import type { TokenAdmin } from './token-admin';

/** Token holder names: also the last path segment of DELETE /admin/tokens/{name}. */
const TokenName = Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$', description: 'letters, digits, . _ @ -; at most 64' });
const RoleSchema = Type.Union(
  ROLES.map((r) => Type.Literal(r)),
  { description: 'the role table is in libs/platform/README.md' },
);
const Holder = Type.Object({ name: Type.String(), role: Type.String(), createdAt: Type.String() });

/**
 * Admin routes for bearer tokens (action `tokens.manage`): POST /admin/tokens issues one and shows
 * it once (only its hash is kept), GET lists holders, DELETE /admin/tokens/{name} revokes.
 */
export const tokenRoutes: FastifyPluginAsyncTypebox<{ tokens: TokenAdmin }> = async (app, { tokens }) => {
  app.post(
    '/admin/tokens',
    {
      config: { action: 'tokens.manage' },
      schema: {
        body: Type.Object({ name: TokenName, role: RoleSchema }, { additionalProperties: false }),
        response: {
          201: Type.Object({ name: Type.String(), role: Type.String(), token: Type.String({ description: 'shown once' }) }),
          400: ProblemSchema,
          409: ProblemSchema,
        },
        description: 'Issues a bearer token; the answer is the only time it is seen.',
        tags: ['admin'],
      },
    },
    async (request, reply) => {
      const { name, role } = request.body;
      request.auditResource = `/admin/tokens/${name}`;
      if (tokens.has(name)) return replyProblem(reply, 409, `${name} already holds a token: revoke it first`);
      const token = tokens.issue(name, role as Role);
      return reply.code(201).header('cache-control', 'no-store').send({ name, role, token });
    },
  );
  app.get(
    '/admin/tokens',
    {
      config: { action: 'tokens.manage' },
      schema: {
        response: { 200: Type.Object({ tokens: Type.Array(Holder) }) },
        description: 'Token holders and their roles (never a token or hash).',
        tags: ['admin'],
      },
    },
    async () => ({ tokens: tokens.list() }),
  );
  app.delete(
    '/admin/tokens/:name',
    {
      config: { action: 'tokens.manage' },
      schema: {
        params: Type.Object({ name: TokenName }),
        response: { 204: Type.Null(), 404: ProblemSchema },
        description: 'Revokes the token of a holder.',
        tags: ['admin'],
      },
    },
    async (request, reply) => {
      if (!tokens.revoke(request.params.name)) return replyProblem(reply, 404, `${request.params.name} holds no token`);
      return reply.code(204).send(null);
    },
  );
};
