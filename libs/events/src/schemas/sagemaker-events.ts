import { Type, type Static } from '@sinclair/typebox';

const Arn = Type.String({ minLength: 1, maxLength: 2048 });
const Instant = Type.String({ minLength: 1, maxLength: 40 });

/** SageMaker's PipelineExecutionStatus. */
export const PipelineExecutionStatusValue = Type.Union(
  ['Executing', 'Stopping', 'Stopped', 'Failed', 'Succeeded'].map((s) => Type.Literal(s)),
);

/**
 * `SageMaker Model Building Pipeline Execution Status Change` (source `aws.sagemaker`): the detail SageMaker sends to
 * EventBridge when an execution changes status (field names as AWS spells them). AWS may add fields, so more are allowed.
 */
export const PipelineExecutionStatusChangeDetail = Type.Object(
  {
    pipelineArn: Arn,
    pipelineExecutionArn: Arn,
    pipelineExecutionDisplayName: Type.Optional(Type.String({ maxLength: 256 })),
    pipelineExecutionDescription: Type.Optional(Type.String({ maxLength: 3072 })),
    currentPipelineExecutionStatus: PipelineExecutionStatusValue,
    previousPipelineExecutionStatus: Type.Optional(PipelineExecutionStatusValue),
    executionStartTime: Type.Optional(Instant),
    executionEndTime: Type.Optional(Instant),
  },
  { additionalProperties: true },
);
export type PipelineExecutionStatusChangeDetail = Static<typeof PipelineExecutionStatusChangeDetail>;

/**
 * `SageMaker Model Package State Change` (source `aws.sagemaker`): sent when a model package is created or its
 * approval status changes (DescribeModelPackage's fields). AWS may add fields, so more are allowed.
 */
export const ModelPackageStateChangeDetail = Type.Object(
  {
    ModelPackageGroupName: Type.String({ minLength: 1, maxLength: 63 }),
    ModelPackageVersion: Type.Integer({ minimum: 1 }),
    ModelPackageArn: Arn,
    ModelPackageName: Type.Optional(Type.String({ maxLength: 63 })),
    ModelPackageStatus: Type.Union(['Pending', 'InProgress', 'Completed', 'Failed', 'Deleting'].map((s) => Type.Literal(s))),
    ModelApprovalStatus: Type.Union(['Approved', 'Rejected', 'PendingManualApproval'].map((s) => Type.Literal(s))),
    ApprovalDescription: Type.Optional(Type.String({ maxLength: 1024 })),
    CreationTime: Type.Optional(Instant),
    LastModifiedTime: Type.Optional(Instant),
    /** Who changed it (SageMaker's LastModifiedBy.UserProfileName; locally the actor's principal). */
    LastModifiedBy: Type.Optional(Type.Object({ UserProfileName: Type.Optional(Type.String({ maxLength: 256 })) })),
  },
  { additionalProperties: true },
);
export type ModelPackageStateChangeDetail = Static<typeof ModelPackageStateChangeDetail>;

/** `Scheduled Event` (source `aws.events`): an EventBridge schedule's tick; its detail is empty. */
export const ScheduledEventDetail = Type.Object({}, { additionalProperties: true });
export type ScheduledEventDetail = Static<typeof ScheduledEventDetail>;
