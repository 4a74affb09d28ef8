import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@fastify/type-provider-typebox';
import { PipelineError, type PipelineExecution, type PipelineRunner } from '@triage/pipeline';
import { TriggerConflictError } from '@triage/mlops';
import { ProblemSchema } from '../app/problem';
import { ExecutionIdParam, ExecutionSchema, StartBody, StepNameParam, StepSchema } from './pipeline-schemas';
import { trainingCurvesRoute } from './training-curves-route';

/** What the pipeline routes need. */
export interface PipelineRoutesOptions {
  /** The runner (LocalPipelineRunner here). */
  runner: PipelineRunner;
  /** The compiled SageMaker definition JSON: what POST runs and GET /api/pipelines/definition serves (no second definition). */
  definition: object;
  /** The pipeline's name (its ARN's `pipeline/<name>`). */
  pipelineName: string;
  /**
   * Runs before each start (main.ts: export the verified labels to where InputDataUri points); the
   * parameters it returns are defaults under the request's own overrides.
   */
  prepareRun?: () => Promise<Record<string, string | number | boolean> | void>;
  /**
   * With the loop (main.ts): starts go through its trigger, under the same lock as the label and schedule triggers, so
   * a run by hand never doubles one in flight (409 naming it). Without it, the runner is called directly.
   */
  startThroughTrigger?: (
    actor: { principal: string },
    overrides: { parameters?: Record<string, string | number | boolean>; displayName?: string; description?: string },
  ) => Promise<PipelineExecution>;
}

const STATUS: Record<PipelineError['code'], number> = { ValidationException: 400, ResourceNotFound: 404, ConflictException: 409 };

/** A runner refusal with the HTTP status the errors plugin answers it with (problem+json). */
class PipelineHttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
  }
}

/** Runs a runner call, its refusals turned into HTTP errors. */
async function call<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof PipelineError) throw new PipelineHttpError(STATUS[error.code], error.message);
    if (error instanceof TriggerConflictError) throw new PipelineHttpError(409, error.message);
    throw error;
  }
}

const IdParams = Type.Object({ id: ExecutionIdParam }, { additionalProperties: false });
const Problems = { 400: ProblemSchema, 404: ProblemSchema, 409: ProblemSchema };

/**
 * The training pipeline (actions `pipelines.read` and `pipelines.run`, data scientists and admins;
 * runs and stops audited): start an execution of the compiled definition with parameter overrides,
 * list executions, one with its steps and progress, a step's log (streamed, from an offset, so a
 * client follows it), stop one, and the compiled definition itself.
 */
export const pipelineRoutes: FastifyPluginAsyncTypebox<PipelineRoutesOptions> = async (
  app,
  { runner, definition, pipelineName, prepareRun, startThroughTrigger },
) => {
  await app.register(trainingCurvesRoute, { runner });

  app.post(
    '/api/pipelines/executions',
    {
      config: { action: 'pipelines.run' },
      schema: {
        body: StartBody,
        response: { 201: ExecutionSchema, ...Problems },
        description: 'Starts an execution of the compiled pipeline definition with the given parameter overrides.',
        tags: ['pipelines'],
      },
    },
    async (request, reply) => {
      const { parameters, displayName, description } = request.body ?? {};
      const createdBy = request.principal?.name ?? 'unknown';
      if (startThroughTrigger) {
        const started = await call(() => startThroughTrigger({ principal: createdBy }, { parameters, displayName, description }));
        return reply.code(201).send(started);
      }
      const prepared = (await prepareRun?.()) ?? {};
      const execution = await call(() =>
        runner.startExecution({
          definition,
          pipelineName,
          parameters: { ...prepared, ...parameters },
          displayName,
          description,
          createdBy,
        }),
      );
      return reply.code(201).send(execution);
    },
  );

  app.get(
    '/api/pipelines/executions',
    {
      config: { action: 'pipelines.read' },
      schema: {
        querystring: Type.Object(
          { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, description: 'at most this many (default 50)' })) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ executions: Type.Array(ExecutionSchema) }), 400: ProblemSchema },
        description: "The pipeline's executions, newest first.",
        tags: ['pipelines'],
      },
    },
    async (request) => ({ executions: await call(() => runner.listExecutions({ pipelineName, limit: request.query.limit })) }),
  );

  app.get(
    '/api/pipelines/executions/:id',
    {
      config: { action: 'pipelines.read' },
      schema: {
        params: IdParams,
        response: { 200: Type.Object({ execution: ExecutionSchema, steps: Type.Array(StepSchema) }), ...Problems },
        description: 'One execution with the steps that started (in start order), each with its status, attempts and latest progress.',
        tags: ['pipelines'],
      },
    },
    async (request) => {
      const execution = await call(() => runner.describeExecution(request.params.id));
      const steps = await call(() => runner.listExecutionSteps(request.params.id));
      return { execution, steps };
    },
  );

  app.get(
    '/api/pipelines/executions/:id/steps/:step/log',
    {
      config: { action: 'pipelines.read' },
      schema: {
        params: Type.Object({ id: ExecutionIdParam, step: StepNameParam }, { additionalProperties: false }),
        querystring: Type.Object(
          {
            attempt: Type.Optional(Type.Integer({ minimum: 1, description: 'default: the latest attempt' })),
            offset: Type.Optional(
              Type.Integer({ minimum: 0, description: 'bytes to skip (the previous answer’s X-Log-Size, to follow the log)' }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.String({ description: "the attempt's stdout and stderr (text/plain)" }), ...Problems },
        description:
          "A step attempt's log from an offset, streamed. X-Log-Attempt names the attempt, X-Log-Size is the next offset, X-Log-Complete is false while the attempt still runs.",
        tags: ['pipelines'],
      },
    },
    async (request, reply) => {
      const { id, step } = request.params;
      const log = await call(() => runner.readStepLog(id, step, request.query));
      return (
        reply
          .type('text/plain; charset=utf-8')
          .header('x-log-attempt', String(log.attempt))
          .header('x-log-size', String(log.size))
          .header('x-log-complete', String(log.complete))
          // A stream is sent as it is (never serialised): the 200 schema only documents the text.
          .send(log.stream as unknown as string)
      );
    },
  );

  app.post(
    '/api/pipelines/executions/:id/stop',
    {
      config: { action: 'pipelines.run' },
      schema: {
        params: IdParams,
        response: { 200: ExecutionSchema, ...Problems },
        description: 'Stops a running execution: its step processes are killed, the execution ends Stopped.',
        tags: ['pipelines'],
      },
    },
    async (request) => call(() => runner.stopExecution(request.params.id)),
  );

  app.get(
    '/api/pipelines/definition',
    {
      config: { action: 'pipelines.read' },
      schema: {
        response: { 200: Type.Unknown({ description: 'the compiled SageMaker pipeline definition (Version 2020-12-01)' }) },
        description: 'The compiled SageMaker pipeline definition JSON: what runs here and deploys to SageMaker unchanged.',
        tags: ['pipelines'],
      },
    },
    async () => definition,
  );
};
