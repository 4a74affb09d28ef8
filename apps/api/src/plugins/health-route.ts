import { Type } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';

const Health = Type.Object({ status: Type.Literal('ok'), uptimeSeconds: Type.Number() });

/** GET /healthz: liveness for load balancers and `triage up`; the one route without a token. */
export const healthRoute: FastifyPluginAsync = async (app) => {
  app.get(
    '/healthz',
    {
      config: { public: true },
      schema: { summary: 'Liveness', tags: ['operations'], security: [], response: { 200: Health } },
    },
    async () => ({ status: 'ok' as const, uptimeSeconds: Math.round(process.uptime()) }),
  );
};
