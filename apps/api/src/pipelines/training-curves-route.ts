import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@fastify/type-provider-typebox';
import { PipelineError, type PipelineRunner } from '@triage/pipeline';
import { ProblemSchema } from '../app/problem';
import { ExecutionIdParam } from './pipeline-schemas';
import { epochsOfLog } from './training-curves';

const Epoch = Type.Object({
  epoch: Type.Integer(),
  loss: Type.Optional(Type.Number()),
  accuracy: Type.Optional(Type.Number()),
  valLoss: Type.Optional(Type.Number()),
  valAccuracy: Type.Optional(Type.Number()),
  learningRate: Type.Optional(Type.Number()),
  seconds: Type.Optional(Type.Number()),
});

/** GET /api/pipelines/executions/{id}/training-curves. */
export const TrainingCurvesSchema = Type.Object({
  step: Type.Optional(Type.String({ description: 'the Training step (absent until it starts)' })),
  attempt: Type.Optional(Type.Integer({ description: 'the attempt whose epochs these are (the latest)' })),
  complete: Type.Boolean({ description: 'false while that attempt still runs: poll again' }),
  total: Type.Optional(Type.Integer({ description: 'how many epochs the run was asked for (early stopping may end it sooner)' })),
  epochs: Type.Array(Epoch),
});

/** A runner's ResourceNotFound as the 404 the errors plugin answers (problem+json); anything else as it is. */
function notFound(error: unknown): never {
  if (error instanceof PipelineError && error.code === 'ResourceNotFound')
    throw Object.assign(new Error(error.message), { statusCode: 404 });
  throw error;
}

/**
 * The training curves of an execution so far (`pipelines.read`): the epoch progress lines of its
 * Training step's latest attempt (loss and accuracy, train and validation, per epoch), read from the
 * step's log, so the run page draws them live without downloading the whole log.
 */
export const trainingCurvesRoute: FastifyPluginAsyncTypebox<{ runner: PipelineRunner }> = async (app, { runner }) => {
  app.get(
    '/api/pipelines/executions/:id/training-curves',
    {
      config: { action: 'pipelines.read' },
      schema: {
        params: Type.Object({ id: ExecutionIdParam }, { additionalProperties: false }),
        response: { 200: TrainingCurvesSchema, 404: ProblemSchema },
        description: "Per-epoch loss and accuracy (train and validation) of the execution's Training step so far.",
        tags: ['pipelines'],
      },
    },
    async (request) => {
      const steps = await runner.listExecutionSteps(request.params.id).catch(notFound);
      const train = steps.find((s) => s.StepType === 'Training');
      if (!train?.Log) return { ...(train && { step: train.StepName }), complete: train !== undefined && !!train.EndTime, epochs: [] };
      const log = await runner.readStepLog(request.params.id, train.StepName).catch(notFound);
      const { epochs, total } = await epochsOfLog(log.stream);
      return { step: train.StepName, attempt: log.attempt, complete: log.complete, ...(total !== undefined && { total }), epochs };
    },
  );
};
