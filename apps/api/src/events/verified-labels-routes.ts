import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@fastify/type-provider-typebox';
import type { DatastoreId } from '@triage/dicom';
import { HealthImagingIdParam } from '../app/path-params';
import { VERIFIED_LABELS_SUBSCRIBER, type VerifiedLabels } from './verified-labels';

const Delivery = Type.Object(
  {
    eventId: Type.String(),
    datastoreId: Type.String(),
    imageSetId: Type.String(),
    sopInstanceUid: Type.Optional(Type.String()),
    finding: Type.String(),
    verification: Type.String(),
    labelVersion: Type.Integer(),
    principal: Type.String(),
    eventTime: Type.String(),
    processedAt: Type.String({ description: 'when the subscriber processed it: once per event' }),
    deliveries: Type.Integer({ description: 'how often the bus handed it over (at least once)' }),
  },
  { additionalProperties: false },
);

/**
 * GET /admin/events/deliveries?detailType=ImageVerified (action `events.manage`, admin only,
 * audited): what the durable 'verified-labels' subscriber processed, oldest first, optionally for
 * one image set. An administrator sees here that a verification reached the retraining trigger.
 */
export const verifiedLabelsRoutes: FastifyPluginAsyncTypebox<{ verified: VerifiedLabels; datastoreId: DatastoreId }> = async (
  app,
  { verified, datastoreId },
) => {
  app.get(
    '/admin/events/deliveries',
    {
      config: { action: 'events.manage' },
      schema: {
        querystring: Type.Object(
          {
            detailType: Type.Literal('ImageVerified', { description: "the subscriber's detail type (the only one recorded so far)" }),
            imageSetId: Type.Optional(HealthImagingIdParam),
            after: Type.Optional(Type.Integer({ minimum: 0, description: "a page's `next`" })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, description: 'default 100' })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            subscriber: Type.String(),
            deliveries: Type.Array(Delivery),
            next: Type.Optional(Type.Integer({ description: 'the `after` of the next page' })),
          }),
        },
        description: "Events the durable 'verified-labels' subscriber processed (each once, however often delivered).",
        tags: ['admin'],
      },
    },
    async (request) => {
      const { imageSetId, after, limit } = request.query;
      const page = verified.list({ datastoreId, imageSetId, after, limit });
      return { subscriber: VERIFIED_LABELS_SUBSCRIBER, deliveries: page.records, next: page.next };
    },
  );
};
