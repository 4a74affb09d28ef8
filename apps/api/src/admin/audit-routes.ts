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

/** GET /admin/audit (action `audit.read`): the audit log, a page at a time, oldest first, filtered by actor, action, outcome, resource and time. */
export const auditRoutes: FastifyPluginAsyncTypebox<{ reader: AuditReader }> = async (app, { reader }) => {
  app.get(
    '/admin/audit',
    {
      config: { action: 'audit.read' },
      schema: {
        querystring: Type.Object({
          after: Type.Optional(Type.Integer({ minimum: 0, description: 'records with a greater seq (default 0)' })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, description: 'records per page (default 100)' })),
          actor: Type.Optional(Type.String({ minLength: 1, maxLength: 128, description: "exactly this principal's records" })),
          action: Type.Optional(Type.String({ minLength: 1, maxLength: 128, description: 'actions starting with this' })),
          outcome: Type.Optional(Type.Union([Type.Literal('success'), Type.Literal('refused'), Type.Literal('failed')])),
          resource: Type.Optional(Type.String({ minLength: 1, maxLength: 512, description: 'resources starting with this' })),
          from: Type.Optional(Type.String({ format: 'date-time', description: 'records at or after this instant (ISO 8601)' })),
          to: Type.Optional(Type.String({ format: 'date-time', description: 'records at or before this instant (ISO 8601)' })),
        }),
        response: {
          200: Type.Object({
            records: Type.Array(Record),
            next: Type.Optional(Type.Integer({ description: 'the `after` of the next page' })),
          }),
        },
        description: 'The audit log, oldest first, filtered (every filter optional, combined with AND); follow `next` to page.',
        tags: ['admin'],
      },
    },
    async (request) => {
      const { after = 0, limit = 100, ...filter } = request.query;
      return reader.read({ after, limit, ...filter });
    },
  );
};
