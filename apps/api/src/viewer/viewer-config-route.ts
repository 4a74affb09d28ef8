import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@fastify/type-provider-typebox';
import type { Principal } from '@triage/platform';
import { DICOMWEB_PREFIX } from '../app/api-context';
import { PrincipalSchema } from '../session/session-schemas';

/** GET /api/config (any signed-in principal): where the viewer finds DICOMweb, the findings a label may name, and who is signed in. */
export const viewerConfigRoute: FastifyPluginAsyncTypebox<{ findings: readonly string[] }> = async (app, { findings }) => {
  app.get(
    '/api/config',
    {
      config: { anyPrincipal: true },
      schema: {
        response: {
          200: Type.Object(
            { dicomwebRoot: Type.String(), findings: Type.Array(Type.String()), principal: PrincipalSchema },
            { additionalProperties: false },
          ),
        },
        description: "The viewer's configuration: its DICOMweb root, the configured findings, and who is signed in.",
        tags: ['viewer'],
      },
    },
    async (request) => ({ dicomwebRoot: DICOMWEB_PREFIX, findings: [...findings], principal: request.principal as Principal }),
  );
};
