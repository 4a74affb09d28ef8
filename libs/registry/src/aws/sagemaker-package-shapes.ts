import type {
  CreateModelPackageCommandInput,
  DescribeModelPackageCommandOutput,
  DescribeModelPackageGroupCommandOutput,
  UpdateModelPackageCommandInput,
} from '@aws-sdk/client-sagemaker';
import {
  RegistryError,
  type Actor,
  type MetricSummary,
  type ModelApprovalStatus,
  type ModelLineage,
  type ModelMetricsSummary,
  type ModelPackage,
  type ModelPackageArn,
  type ModelPackageGroup,
  type RegisterModelPackageInput,
} from '../model-registry';

// SageMaker keeps a version's image, model data, approval and description, and the evaluation
// report's URI as ModelQuality statistics; the rest of what the port registers (metric values with
// their intervals, lineage, who registered it, who approved it) goes in CustomerMetadataProperties
// under a `triage:` prefix: values of at most 256 characters, 50 entries in all.
const PREFIX = 'triage:';
const METRIC = `${PREFIX}metric:`;
const LINEAGE = `${PREFIX}lineage:`;
/** The metadata keys the registry writes (a caller's own keys must not start with `triage:`). */
export const METADATA_KEYS = {
  registeredBy: `${PREFIX}registeredBy`,
  registeredByRole: `${PREFIX}registeredByRole`,
  registeredByReason: `${PREFIX}registeredByReason`,
  reportUri: `${PREFIX}reportUri`,
  approvedBy: `${PREFIX}approvedBy`,
  approvedByRole: `${PREFIX}approvedByRole`,
} as const;
const METRIC_NAMES = ['accuracy', 'precision', 'recall', 'f1', 'auc'] as const;
const LINEAGE_FIELDS = ['datasetSnapshotHash', 'datasetSnapshotUri', 'pipelineExecutionArn', 'codeVersion', 'trainingJob'] as const;

/** What the inference container takes and answers (InferenceSpecification requires both lists). */
export const SUPPORTED_CONTENT_TYPES = ['application/dicom'];
export const SUPPORTED_RESPONSE_MIME_TYPES = ['application/json'];

/** Refuses a caller's metadata key in the registry's own `triage:` namespace. */
export function checkCallerMetadata(metadata: Record<string, string> | undefined): void {
  for (const key of Object.keys(metadata ?? {}))
    if (key.startsWith(PREFIX))
      throw new RegistryError('ValidationException', `customerMetadata key ${JSON.stringify(key)}: the triage: prefix is the registry's`);
}

/** CreateModelPackage's input for a registration (the group exists by then). */
export function createModelPackageInput(input: RegisterModelPackageInput): CreateModelPackageCommandInput {
  const metadata: Record<string, string> = { ...input.customerMetadata };
  const metrics = input.metrics ?? {};
  for (const name of METRIC_NAMES) {
    const metric = metrics[name];
    if (metric)
      metadata[`${METRIC}${name}`] = JSON.stringify(metric.ci95 ? { value: metric.value, ci95: metric.ci95 } : { value: metric.value });
  }
  if (metrics.reportUri !== undefined) metadata[METADATA_KEYS.reportUri] = metrics.reportUri;
  for (const field of LINEAGE_FIELDS) {
    const value = input.lineage?.[field];
    if (value !== undefined) metadata[`${LINEAGE}${field}`] = value;
  }
  Object.assign(metadata, actorMetadata(input.registeredBy, METADATA_KEYS.registeredBy, METADATA_KEYS.registeredByRole));
  if (input.registeredBy.reason !== undefined) metadata[METADATA_KEYS.registeredByReason] = input.registeredBy.reason;
  return {
    ModelPackageGroupName: input.groupName,
    ...(input.description !== undefined && { ModelPackageDescription: input.description }),
    ModelApprovalStatus: input.approvalStatus,
    InferenceSpecification: {
      Containers: [{ Image: input.imageUri, ModelDataUrl: input.modelDataUrl }],
      SupportedContentTypes: SUPPORTED_CONTENT_TYPES,
      SupportedResponseMIMETypes: SUPPORTED_RESPONSE_MIME_TYPES,
    },
    ...(metrics.evaluationUri !== undefined && {
      ModelMetrics: { ModelQuality: { Statistics: { ContentType: 'application/json', S3Uri: metrics.evaluationUri } } },
    }),
    CustomerMetadataProperties: metadata,
  };
}

/** UpdateModelPackage's input for an approval change: the reason is the ApprovalDescription, the actor in metadata, in one request. */
export function updateApprovalInput(arn: ModelPackageArn, status: ModelApprovalStatus, actor: Actor): UpdateModelPackageCommandInput {
  return {
    ModelPackageArn: arn,
    ModelApprovalStatus: status,
    ApprovalDescription: actor.reason,
    CustomerMetadataProperties: actorMetadata(actor, METADATA_KEYS.approvedBy, METADATA_KEYS.approvedByRole),
    ...(actor.role === undefined && { CustomerMetadataPropertiesToRemove: [METADATA_KEYS.approvedByRole] }),
  };
}

function actorMetadata(actor: Actor, principalKey: string, roleKey: string): Record<string, string> {
  return { [principalKey]: actor.principal, ...(actor.role !== undefined && { [roleKey]: actor.role }) };
}

/** The port's ModelPackage from DescribeModelPackage's answer. */
export function modelPackageFrom(described: DescribeModelPackageCommandOutput, promoted: boolean): ModelPackage {
  const all = described.CustomerMetadataProperties ?? {};
  const container = described.InferenceSpecification?.Containers?.[0];
  const metrics: ModelMetricsSummary = {};
  const lineage: ModelLineage = {};
  const customerMetadata: Record<string, string> = {};
  for (const [key, value] of Object.entries(all)) {
    if (key.startsWith(METRIC)) metrics[key.slice(METRIC.length) as (typeof METRIC_NAMES)[number]] = JSON.parse(value) as MetricSummary;
    else if (key.startsWith(LINEAGE)) lineage[key.slice(LINEAGE.length) as (typeof LINEAGE_FIELDS)[number]] = value;
    else if (!key.startsWith(PREFIX)) customerMetadata[key] = value;
  }
  const evaluationUri = described.ModelMetrics?.ModelQuality?.Statistics?.S3Uri;
  if (evaluationUri !== undefined) metrics.evaluationUri = evaluationUri;
  if (all[METADATA_KEYS.reportUri] !== undefined) metrics.reportUri = all[METADATA_KEYS.reportUri];
  const registeredBy = actorFrom(
    all[METADATA_KEYS.registeredBy] ?? described.CreatedBy?.UserProfileName ?? 'unknown',
    all[METADATA_KEYS.registeredByRole],
    all[METADATA_KEYS.registeredByReason],
  );
  const approvedBy = all[METADATA_KEYS.approvedBy];
  return {
    arn: described.ModelPackageArn as ModelPackageArn,
    groupName: described.ModelPackageGroupName ?? '',
    version: described.ModelPackageVersion ?? 0,
    status: described.ModelPackageStatus ?? 'Completed',
    approvalStatus: described.ModelApprovalStatus ?? 'PendingManualApproval',
    modelDataUrl: container?.ModelDataUrl ?? '',
    imageUri: container?.Image ?? '',
    ...(described.ModelPackageDescription !== undefined && { description: described.ModelPackageDescription }),
    metrics,
    lineage,
    customerMetadata,
    createdAt: (described.CreationTime ?? new Date(0)).toISOString(),
    registeredBy,
    ...(described.ApprovalDescription !== undefined && { approvalDescription: described.ApprovalDescription }),
    ...(approvedBy !== undefined && {
      approvedBy: actorFrom(approvedBy, all[METADATA_KEYS.approvedByRole], described.ApprovalDescription),
    }),
    promoted,
  };
}

function actorFrom(principal: string, role: string | undefined, reason: string | undefined): Actor {
  return { principal, ...(role !== undefined && { role }), ...(reason !== undefined && { reason }) };
}

/** The port's group from DescribeModelPackageGroup's answer. */
export function modelPackageGroupFrom(
  described: Pick<
    DescribeModelPackageGroupCommandOutput,
    'ModelPackageGroupName' | 'ModelPackageGroupArn' | 'ModelPackageGroupDescription' | 'CreationTime'
  >,
): ModelPackageGroup {
  return {
    name: described.ModelPackageGroupName ?? '',
    arn: described.ModelPackageGroupArn ?? '',
    ...(described.ModelPackageGroupDescription !== undefined && { description: described.ModelPackageGroupDescription }),
    createdAt: (described.CreationTime ?? new Date(0)).toISOString(),
  };
}
