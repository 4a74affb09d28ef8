import { Type } from '@fastify/type-provider-typebox';

/** An execution id (the last segment of its ARN: 12 lowercase letters and digits locally, as SageMaker's). */
export const ExecutionIdParam = Type.String({ pattern: '^[a-z0-9]{1,64}$', description: 'a pipeline execution id (the end of its ARN)' });
/** A step name as SageMaker allows it. */
export const StepNameParam = Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$', description: "a step's Name in the definition" });

const Progress = Type.Object(
  {
    phase: Type.String(),
    done: Type.Number(),
    total: Type.Number(),
    message: Type.Optional(Type.String()),
    metrics: Type.Optional(Type.Record(Type.String(), Type.Number())),
  },
  { description: "the step process's latest progress line" },
);

/** DescribePipelineExecution's fields (ISO 8601 times) plus the definition's step names. */
export const ExecutionSchema = Type.Object({
  PipelineArn: Type.String(),
  PipelineExecutionArn: Type.String(),
  PipelineExecutionDisplayName: Type.Optional(Type.String()),
  PipelineExecutionDescription: Type.Optional(Type.String()),
  PipelineExecutionStatus: Type.Union([
    Type.Literal('Executing'),
    Type.Literal('Stopping'),
    Type.Literal('Stopped'),
    Type.Literal('Failed'),
    Type.Literal('Succeeded'),
  ]),
  CreationTime: Type.String(),
  LastModifiedTime: Type.String(),
  FailureReason: Type.Optional(Type.String()),
  CreatedBy: Type.String(),
  PipelineParameters: Type.Array(Type.Object({ Name: Type.String(), Value: Type.String() })),
  StepNames: Type.Array(Type.String(), { description: 'every step of the definition, conditional branches included' }),
});

/** ListPipelineExecutionSteps' fields plus progress and the log's attempt. */
export const StepSchema = Type.Object({
  StepName: Type.String(),
  StepType: Type.Union([
    Type.Literal('Processing'),
    Type.Literal('Training'),
    Type.Literal('Condition'),
    Type.Literal('RegisterModel'),
    Type.Literal('Fail'),
  ]),
  StepStatus: Type.Union([
    Type.Literal('Starting'),
    Type.Literal('Executing'),
    Type.Literal('Stopping'),
    Type.Literal('Stopped'),
    Type.Literal('Failed'),
    Type.Literal('Succeeded'),
  ]),
  StartTime: Type.Optional(Type.String()),
  EndTime: Type.Optional(Type.String()),
  FailureReason: Type.Optional(Type.String()),
  CacheHitResult: Type.Optional(Type.Object({ SourcePipelineExecutionArn: Type.String() })),
  AttemptCount: Type.Integer(),
  Metadata: Type.Object({
    ProcessingJob: Type.Optional(Type.Object({ Arn: Type.String() })),
    TrainingJob: Type.Optional(Type.Object({ Arn: Type.String() })),
    Condition: Type.Optional(Type.Object({ Outcome: Type.Union([Type.Literal('True'), Type.Literal('False')]) })),
    RegisterModel: Type.Optional(Type.Object({ Arn: Type.String() })),
    Fail: Type.Optional(Type.Object({ ErrorMessage: Type.String() })),
  }),
  Progress: Type.Optional(Progress),
  Log: Type.Optional(Type.Object({ attempt: Type.Integer(), location: Type.String() })),
});

/** POST /api/pipelines/executions. */
export const StartBody = Type.Object(
  {
    parameters: Type.Optional(
      Type.Record(
        Type.String({ pattern: '^[A-Za-z0-9_-]{1,256}$' }),
        Type.Union([Type.String({ maxLength: 2048 }), Type.Number(), Type.Boolean()]),
        {
          description: "overrides of the definition's parameter defaults",
        },
      ),
    ),
    displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 82 })),
    description: Type.Optional(Type.String({ maxLength: 3072 })),
  },
  { additionalProperties: false },
);
