import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@fastify/type-provider-typebox';
import type { AuditReader } from '@triage/platform';

const Record = Type.Object(
  {
    seq: Type.Integer(),
    time: Type.String(),
    actor: Type.String(),
    role: Type.String(),
    action: Type.String(),
    resource: Type.String(),
    outcome: Type.String(),
    source: Type.String(),
    detail: Type.Optional(Type.String()),
    prev: Type.String(),
    hash: Type.String(),
  },
  { additionalProperties: false },
);

/** GET /admin/audit (action `audit.read`): the audit log, a page at a time, oldest first. */
export const auditRoutes: FastifyPluginAsyncTypebox<{ reader: AuditReader }> = async (app, { reader }) => {
  app.get(
    '/admin/audit',
    {
      config: { action: 'audit.read' },
      schema: {
        querystring: Type.Object({
          after: Type.Optional(Type.Integer({ minimum: 0, description: 'records with a greater seq (default 0)' })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, description: 'records per page (default 100)' })),
        }),
        response: {
          200: Type.Object({
            records: Type.Array(Record),
            next: Type.Optional(Type.Integer({ description: 'the `after` of the next page' })),
          }),
        },
        description: 'The audit log, oldest first; follow `next` to page.',
        tags: ['admin'],
      },
    },
    async (request) => reader.read({ after: request.query.after ?? 0, limit: request.query.limit ?? 100 }),
  );
};
