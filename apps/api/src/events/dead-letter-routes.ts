import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@fastify/type-provider-typebox';
import { DETAIL_TYPES, type DeadLetters } from '@triage/events';
import { ProblemSchema } from '../app/problem';

/** Subscriber names as the bus tracks them. */
const SubscriberName = Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$', description: 'a subscriber (rule target) name' });
const EventIdSchema = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9-]+$' });

const REPLAY_FIELDS = new Set(['eventIds', 'subscriber']);

/** A replay body that would be read as something else than sent (a replay of everything, say): answered 400. */
class ReplaySelectionError extends Error {
  readonly statusCode = 400;
}

/**
 * The validator strips unknown fields and wraps a lone string into an array; for a replay either
 * would widen what is replayed (a misspelt field would replay every dead letter), so the body is
 * checked as sent first.
 */
function checkReplayBody(body: unknown): void {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return;
  const unknown = Object.keys(body).filter((k) => !REPLAY_FIELDS.has(k));
  if (unknown.length > 0)
    throw new ReplaySelectionError(`body: unknown field ${unknown[0]} (eventIds and subscriber select what is replayed)`);
  const { eventIds } = body as { eventIds?: unknown };
  if (eventIds !== undefined && !Array.isArray(eventIds)) throw new ReplaySelectionError('body: eventIds must be an array of event ids');
}

const DeadLetterSchema = Type.Object(
  {
    eventId: Type.String(),
    subscriber: Type.String(),
    detailType: Type.String({ description: `one of ${DETAIL_TYPES.join(', ')}` }),
    attempts: Type.Integer(),
    lastError: Type.String({ description: "the last handler error's message" }),
    deadAt: Type.String({ description: 'when it was parked (ISO 8601)' }),
    event: Type.Unknown({ description: 'the event as stored, in the EventBridge envelope' }),
  },
  { additionalProperties: false },
);

/**
 * The event bus's dead letters (action `events.manage`, admin only, audited):
 * GET /admin/events/dead-letters lists deliveries that failed every attempt, oldest first;
 * POST /admin/events/dead-letters/replay puts them (all, some event ids, one subscriber's) back
 * on the queue with fresh attempts.
 */
export const deadLetterRoutes: FastifyPluginAsyncTypebox<{ deadLetters: DeadLetters }> = async (app, { deadLetters }) => {
  app.get(
    '/admin/events/dead-letters',
    {
      config: { action: 'events.manage' },
      schema: {
        querystring: Type.Object(
          {
            subscriber: Type.Optional(SubscriberName),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, description: 'at most this many (default 100)' })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ deadLetters: Type.Array(DeadLetterSchema) }), 400: ProblemSchema },
        description: 'Deliveries parked after their last failed attempt, oldest first, with the last error and the event.',
        tags: ['admin'],
      },
    },
    async (request) => ({ deadLetters: await deadLetters.listDeadLetters(request.query) }),
  );
  app.post(
    '/admin/events/dead-letters/replay',
    {
      config: { action: 'events.manage' },
      preValidation: async (request) => checkReplayBody(request.body),
      schema: {
        body: Type.Object(
          {
            eventIds: Type.Optional(Type.Array(EventIdSchema, { minItems: 1, maxItems: 1000, description: 'only these events' })),
            subscriber: Type.Optional(SubscriberName),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ replayed: Type.Integer({ description: 'deliveries put back on the queue' }) }),
          400: ProblemSchema,
        },
        description: 'Replays dead letters with fresh attempts: all of them, or those of the given events and/or subscriber.',
        tags: ['admin'],
      },
    },
    async (request) => ({ replayed: await deadLetters.replayDeadLetters(request.body) }),
  );
};
