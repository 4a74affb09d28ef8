import type { FastifyPluginAsync } from 'fastify';
import type { Registry } from 'prom-client';
import { Type } from '@fastify/type-provider-typebox';

/** GET /metrics: the Prometheus text exposition of the app's registry (needs a token like every route). */
export const metricsRoute: FastifyPluginAsync<{ registry: Registry }> = async (app, { registry }) => {
  app.get(
    '/metrics',
    {
      config: { action: 'metrics.read' },
      schema: {
        summary: 'Prometheus metrics',
        tags: ['operations'],
        response: { 200: Type.String({ description: 'Prometheus text format 0.0.4' }) },
      },
    },
    async (_request, reply) => {
      reply.type(registry.contentType);
      return registry.metrics();
    },
  );
};
