import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';

/**
 * OpenAPI 3 at /docs (UI) and /docs/json. Behind the bearer token like every route but /healthz:
 * the description is no secret, but a public /docs would be the one unauthenticated way to probe
 * the server; fetch it with `curl -H "Authorization: Bearer $TOKEN" .../docs/json`.
 */
export const docsPlugin: FastifyPluginAsync = fp(
  async (app) => {
    await app.register(swagger, {
      openapi: {
        openapi: '3.0.3',
        info: { title: 'triage API', description: 'DICOMweb (STOW-RS, QIDO-RS, WADO-RS), health and metrics', version: '0.1.0' },
        components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
        security: [{ bearer: [] }],
        tags: [
          { name: 'dicomweb', description: 'DICOMweb (PS3.18)' },
          { name: 'operations', description: 'health and metrics' },
        ],
      },
    });
    // The UI's routes are not ours to configure: a scope of their own gives each its action.
    await app.register(async (scope) => {
      scope.addHook('onRoute', (route) => void (route.config = { ...route.config, action: 'docs.read' }));
      await scope.register(swaggerUi, { routePrefix: '/docs' });
    });
  },
  { name: 'triage-docs' },
);
