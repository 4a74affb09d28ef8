import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';

/**
 * OpenAPI 3 at /docs (Swagger UI) and /docs/json, served to anyone who can reach the port, so that
 * a browser opens it: it describes the routes and holds no PHI and no secret, and every route it
 * describes still needs its token (or signature).
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
    // The UI's routes are not ours to configure: a scope of their own makes each public, with Swagger UI's own CSP.
    await app.register(async (scope) => {
      // `config.securityHeaders` is read per request by the security headers' onRequest hook.
      scope.addHook('onRoute', (route) => void (route.config = { ...route.config, public: true, securityHeaders: 'docs' }));
      await scope.register(swaggerUi, { routePrefix: '/docs' });
    });
  },
  { name: 'triage-docs' },
);
