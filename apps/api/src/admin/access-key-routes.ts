import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@fastify/type-provider-typebox';
import { ROLES } from '@triage/platform';
import type { Role } from '@triage/platform';
import { ProblemSchema, replyProblem } from '../app/problem';
import type { AccessKeyAdmin } from './access-key-admin';

/** Key names, as token holder names. */
const KeyName = Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$', description: 'letters, digits, . _ @ -; at most 64' });
/** AWS's access key id shape: also the last path segment of DELETE /admin/access-keys/{id}. */
const AccessKeyId = Type.String({ pattern: '^[A-Z0-9]{16,128}$', description: '16 to 128 upper-case letters and digits' });
const RoleSchema = Type.Union(
  ROLES.map((r) => Type.Literal(r)),
  { description: 'the role table is in libs/platform/README.md' },
);
const Holder = Type.Object({ accessKeyId: Type.String(), name: Type.String(), role: Type.String(), createdAt: Type.String() });

/**
 * Admin routes for the HealthImaging API's SigV4 access keys (action `tokens.manage`): POST
 * /admin/access-keys issues a pair and shows its secret once, GET lists ids, names and roles
 * (never a secret), DELETE /admin/access-keys/{id} revokes.
 */
export const accessKeyRoutes: FastifyPluginAsyncTypebox<{ accessKeys: AccessKeyAdmin }> = async (app, { accessKeys }) => {
  app.post(
    '/admin/access-keys',
    {
      config: { action: 'tokens.manage' },
      schema: {
        body: Type.Object({ name: KeyName, role: RoleSchema }, { additionalProperties: false }),
        response: {
          201: Type.Object({
            accessKeyId: Type.String(),
            secretAccessKey: Type.String({ description: 'shown once' }),
            name: Type.String(),
            role: Type.String(),
          }),
          400: ProblemSchema,
        },
        description: 'Issues a SigV4 access key acting as a role; the answer is the only time its secret is seen.',
        tags: ['admin'],
      },
    },
    async (request, reply) => {
      const { name, role } = request.body;
      const key = accessKeys.issue(name, role as Role);
      request.auditResource = `/admin/access-keys/${key.accessKeyId}`;
      return reply
        .code(201)
        .header('cache-control', 'no-store')
        .send({ ...key, name, role });
    },
  );
  app.get(
    '/admin/access-keys',
    {
      config: { action: 'tokens.manage' },
      schema: {
        response: { 200: Type.Object({ accessKeys: Type.Array(Holder) }) },
        description: 'Access keys: ids, names and roles (never a secret).',
        tags: ['admin'],
      },
    },
    async () => ({ accessKeys: accessKeys.list() }),
  );
  app.delete(
    '/admin/access-keys/:accessKeyId',
    {
      config: { action: 'tokens.manage' },
      schema: {
        params: Type.Object({ accessKeyId: AccessKeyId }),
        response: { 204: Type.Null(), 404: ProblemSchema },
        description: 'Revokes an access key.',
        tags: ['admin'],
      },
    },
    async (request, reply) => {
      if (!accessKeys.revoke(request.params.accessKeyId)) return replyProblem(reply, 404, `no access key ${request.params.accessKeyId}`);
      return reply.code(204).send(null);
    },
  );
};
