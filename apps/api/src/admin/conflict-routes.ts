import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@fastify/type-provider-typebox';
import type { ApiContext } from '../app/api-context';

const ConflictImageSet = Type.Object(
  {
    imageSetId: Type.String(),
    isPrimary: Type.Boolean(),
    instances: Type.Integer({ description: 'live instances' }),
    attributes: Type.Record(Type.String(), Type.String(), { description: 'patient and study identity attributes' }),
    conflictsWith: Type.Optional(Type.Array(Type.String(), { description: "attributes that differ from the primary image set's" })),
  },
  { additionalProperties: false },
);

const StudyConflict = Type.Object(
  { studyInstanceUid: Type.String(), imageSets: Type.Array(ConflictImageSet) },
  { additionalProperties: false },
);

/**
 * GET /admin/conflicts (action `healthimaging.read`, audited: it names patients): the studies of
 * the datastore DICOMweb serves whose instances went to non-primary image sets because their
 * patient or study attributes disagree with the primary's. QIDO-RS and study or series retrieval
 * show only the primary image set, so this is where an administrator finds what to resolve with
 * the HealthImaging API (GetImageSetMetadata, UpdateImageSetMetadata, CopyImageSet, DeleteImageSet).
 */
export const conflictRoutes: FastifyPluginAsyncTypebox<ApiContext> = async (app, { store, datastoreId }) => {
  app.get(
    '/admin/conflicts',
    {
      config: { action: 'healthimaging.read' },
      schema: {
        response: { 200: Type.Object({ conflicts: Type.Array(StudyConflict) }) },
        description:
          'Studies with non-primary image sets: each image set with its identity attributes, live instance count and the attributes that conflict.',
        tags: ['admin'],
      },
    },
    async (request) => {
      const conflicts = await store.listConflicts(datastoreId);
      request.auditResults = conflicts.length;
      return { conflicts };
    },
  );
};
