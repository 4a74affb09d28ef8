import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@fastify/type-provider-typebox';
import { TriggerConflictError } from '@triage/mlops';
import { ProblemSchema } from '../app/problem';
import { ExecutionSchema } from '../pipelines/pipeline-schemas';
import type { OpenedLoop } from './open-loop';

/** What the loop routes need: openLoop's answer. */
export type LoopRoutesOptions = Pick<OpenedLoop, 'startByHand' | 'evaluations'>;

const EvaluationSchema = Type.Object({
  executionArn: Type.String(),
  pipelineName: Type.String(),
  status: Type.Union([Type.Literal('Succeeded'), Type.Literal('Failed'), Type.Literal('Stopped')]),
  decision: Type.Union([
    Type.Literal('approved'),
    Type.Literal('pending-manual-approval'),
    Type.Literal('failed'),
    Type.Literal('stopped'),
  ]),
  accuracy: Type.Optional(Type.Number()),
  modelPackageArn: Type.Optional(Type.String()),
  modelPackageVersion: Type.Optional(Type.Integer()),
  failureReason: Type.Optional(Type.String()),
  endedAt: Type.String(),
});

/** A conflict the errors plugin answers as 409 problem+json. */
class ConflictHttpError extends Error {
  readonly statusCode = 409;
}

/**
 * The loop's routes: start a run through the trigger (the same lock as the label and schedule triggers, so a run by hand
 * never doubles one in flight: 409 naming it), and the evaluations of finished runs with their decisions.
 */
export const loopRoutes: FastifyPluginAsyncTypebox<LoopRoutesOptions> = async (app, { startByHand, evaluations }) => {
  app.post(
    '/api/pipelines/trigger',
    {
      config: { action: 'pipelines.run' },
      schema: {
        response: { 201: ExecutionSchema, 409: ProblemSchema },
        description: 'Starts a run of the loop’s pipeline now, unless one of its model group is in flight (409, naming it).',
        tags: ['pipelines'],
      },
    },
    async (request, reply) => {
      try {
        return reply.code(201).send(await startByHand({ principal: request.principal?.name ?? 'unknown' }));
      } catch (error) {
        if (error instanceof TriggerConflictError) throw new ConflictHttpError(error.message);
        throw error;
      }
    },
  );

  app.get(
    '/api/pipelines/evaluations',
    {
      config: { action: 'pipelines.read' },
      schema: {
        querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })) }, { additionalProperties: false }),
        response: { 200: Type.Object({ evaluations: Type.Array(EvaluationSchema) }) },
        description: 'The finished runs of the loop’s pipeline with the decision taken on each (newest first).',
        tags: ['pipelines'],
      },
    },
    async (request) => ({ evaluations: await evaluations({ limit: request.query.limit }) }),
  );
};
