import { Type, type Static } from '@fastify/type-provider-typebox';

/** SageMaker's ModelPackageGroupName. */
export const GroupName = Type.String({
  pattern: '^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$',
  minLength: 1,
  maxLength: 63,
  description: 'a model package group (1-63 letters, digits and hyphens)',
});

export const GroupParams = Type.Object({ group: GroupName });
export type GroupParams = Static<typeof GroupParams>;

export const VersionParams = Type.Object({
  group: GroupName,
  version: Type.Integer({ minimum: 1, maximum: 999_999_999, description: 'the version within the group (1, 2, ...)' }),
});
export type VersionParams = Static<typeof VersionParams>;

const ApprovalStatus = Type.Union([Type.Literal('PendingManualApproval'), Type.Literal('Approved'), Type.Literal('Rejected')]);

export const VersionsQuery = Type.Object({ approvalStatus: Type.Optional(ApprovalStatus) }, { additionalProperties: false });
export type VersionsQuery = Static<typeof VersionsQuery>;

/** Every change a person answers for says why: the reason goes into the registry's history. */
export const ReasonBody = Type.Object(
  { reason: Type.String({ minLength: 1, maxLength: 1024, description: 'why (kept in the history with who and when)' }) },
  { additionalProperties: false },
);
export type ReasonBody = Static<typeof ReasonBody>;

const ActorSchema = Type.Object({
  principal: Type.String(),
  role: Type.Optional(Type.String()),
  reason: Type.Optional(Type.String()),
});

const Metric = Type.Object({ value: Type.Number(), ci95: Type.Optional(Type.Tuple([Type.Number(), Type.Number()])) });

export const ModelPackageSchema = Type.Object(
  {
    arn: Type.String(),
    groupName: Type.String(),
    version: Type.Integer(),
    status: Type.String({ description: 'ModelPackageStatus (Completed once registered)' }),
    approvalStatus: ApprovalStatus,
    modelDataUrl: Type.String(),
    imageUri: Type.String(),
    description: Type.Optional(Type.String()),
    metrics: Type.Object({
      accuracy: Type.Optional(Metric),
      precision: Type.Optional(Metric),
      recall: Type.Optional(Metric),
      f1: Type.Optional(Metric),
      auc: Type.Optional(Metric),
      evaluationUri: Type.Optional(Type.String()),
      reportUri: Type.Optional(Type.String()),
    }),
    lineage: Type.Object({
      datasetSnapshotHash: Type.Optional(Type.String()),
      datasetSnapshotUri: Type.Optional(Type.String()),
      pipelineExecutionArn: Type.Optional(Type.String()),
      codeVersion: Type.Optional(Type.String()),
      trainingJob: Type.Optional(Type.String()),
    }),
    customerMetadata: Type.Record(Type.String(), Type.String()),
    createdAt: Type.String(),
    registeredBy: ActorSchema,
    approvalDescription: Type.Optional(Type.String()),
    approvedBy: Type.Optional(ActorSchema),
    promoted: Type.Boolean({ description: 'whether this version scores new studies now' }),
  },
  { description: 'one version of a model package group' },
);

export const GroupSummarySchema = Type.Object({
  name: Type.String(),
  arn: Type.String(),
  description: Type.Optional(Type.String()),
  createdAt: Type.String(),
  versions: Type.Integer({ description: 'how many versions are registered' }),
  latestVersion: Type.Optional(Type.Integer()),
  promotedVersion: Type.Optional(Type.Integer({ description: 'the version scoring new studies now' })),
});

export const HistoryEntrySchema = Type.Object({
  groupName: Type.String(),
  arn: Type.String(),
  version: Type.Integer(),
  action: Type.Union([
    Type.Literal('registered'),
    Type.Literal('approved'),
    Type.Literal('rejected'),
    Type.Literal('pending'),
    Type.Literal('promoted'),
    Type.Literal('demoted'),
    Type.Literal('rolled-back'),
  ]),
  actor: ActorSchema,
  at: Type.String(),
});

export const ServingPeriodSchema = Type.Object({
  arn: Type.String(),
  version: Type.Integer(),
  from: Type.String(),
  until: Type.Optional(Type.String({ description: 'absent while it still serves' })),
  promotedBy: ActorSchema,
});
