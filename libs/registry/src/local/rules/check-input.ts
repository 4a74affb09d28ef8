import {
  RegistryError,
  type Actor,
  type MetricSummary,
  type ModelApprovalStatus,
  type ModelPackageGroupName,
  type RegisterModelPackageInput,
} from '../../model-registry';

/** The approval statuses SageMaker knows (listed here, not imported: the SDK's module is large to load for three strings). */
export const APPROVAL_STATUSES = ['PendingManualApproval', 'Approved', 'Rejected'] as const satisfies readonly ModelApprovalStatus[];

/** SageMaker's ModelPackageGroupName: 1-63 letters, digits and hyphens, starting and ending with a letter or digit. */
const GROUP_NAME = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/;
/** SageMaker's ModelDataUrl: an S3 or HTTPS URL. */
const MODEL_DATA_URL = /^(https|s3):\/\/([^/]+)\/?(.*)$/;
/** SageMaker's CustomerMetadataProperties keys. */
const METADATA_KEY = /^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$/u;
const METRICS = ['accuracy', 'precision', 'recall', 'f1', 'auc'] as const;
const LINEAGE = ['datasetSnapshotHash', 'datasetSnapshotUri', 'pipelineExecutionArn', 'codeVersion', 'trainingJob'] as const;

function invalid(message: string): never {
  throw new RegistryError('ValidationException', message);
}

function checkText(what: string, value: unknown, max: number, required = false): void {
  if (value === undefined && !required) return;
  if (typeof value !== 'string' || (required && value.length === 0) || value.length > max)
    invalid(`${what} must be a${required ? ' non-empty' : ''} string of at most ${max} characters`);
}

/** Refuses a group name SageMaker would refuse. */
export function checkGroupName(name: unknown): asserts name is ModelPackageGroupName {
  if (typeof name !== 'string' || !GROUP_NAME.test(name))
    invalid(
      `model package group name ${JSON.stringify(typeof name === 'string' ? name.slice(0, 100) : name)} is not valid: 1-63 letters, digits and hyphens, starting and ending with a letter or digit`,
    );
}

/** Refuses a status that is not one of SageMaker's three. */
export function checkApprovalStatus(status: unknown): asserts status is ModelApprovalStatus {
  if (!(APPROVAL_STATUSES as readonly unknown[]).includes(status))
    invalid(`approval status ${JSON.stringify(status)} is not one of ${APPROVAL_STATUSES.join(', ')}`);
}

/**
 * Refuses an actor without a principal; `reasonRequired` for the changes a person answers for
 * (approval, rejection, promotion, rollback): their reason is the record's point.
 */
export function checkActor(actor: Actor | undefined, reasonRequired: boolean): void {
  if (typeof actor !== 'object' || actor === null) invalid('an actor { principal, role?, reason? } is required');
  checkText('actor.principal', actor.principal, 256, true);
  checkText('actor.role', actor.role, 64);
  if (reasonRequired && (typeof actor.reason !== 'string' || actor.reason.trim().length === 0))
    invalid('a reason is required: say why (it is kept in the history)');
  checkText('actor.reason', actor.reason, 1024);
}

/** Refuses a registration SageMaker's CreateModelPackage would refuse, before any transaction starts. */
export function checkRegisterInput(input: RegisterModelPackageInput): void {
  if (typeof input !== 'object' || input === null) invalid('a registration input is required');
  checkGroupName(input.groupName);
  checkApprovalStatus(input.approvalStatus);
  checkText('modelDataUrl', input.modelDataUrl, 1024, true);
  if (!MODEL_DATA_URL.test(input.modelDataUrl))
    invalid(`modelDataUrl ${JSON.stringify(input.modelDataUrl.slice(0, 200))} is not an s3:// or https:// URL`);
  checkText('imageUri', input.imageUri, 255, true);
  checkText('description', input.description, 1024);
  checkActor(input.registeredBy, false);
  const metrics = input.metrics ?? {};
  for (const name of METRICS) if (metrics[name] !== undefined) checkMetric(name, metrics[name]);
  checkText('metrics.evaluationUri', metrics.evaluationUri, 1024);
  checkText('metrics.reportUri', metrics.reportUri, 1024);
  const lineage = input.lineage ?? {};
  for (const name of LINEAGE) checkText(`lineage.${name}`, lineage[name], 2048);
  const metadata = input.customerMetadata ?? {};
  const entries = Object.entries(metadata);
  if (entries.length > 50) invalid(`customerMetadata has ${entries.length} entries; at most 50`);
  for (const [key, value] of entries) {
    if (key.length < 1 || key.length > 128 || !METADATA_KEY.test(key))
      invalid(`customerMetadata key ${JSON.stringify(key.slice(0, 130))} is not valid`);
    checkText(`customerMetadata.${key}`, value, 256);
  }
}

function checkMetric(name: string, metric: MetricSummary): void {
  if (typeof metric !== 'object' || metric === null || typeof metric.value !== 'number' || !Number.isFinite(metric.value))
    invalid(`metrics.${name}.value must be a finite number`);
  const ci = metric.ci95;
  if (
    ci !== undefined &&
    (!Array.isArray(ci) || ci.length !== 2 || !ci.every((v) => typeof v === 'number' && Number.isFinite(v)) || ci[0] > ci[1])
  )
    invalid(`metrics.${name}.ci95 must be [low, high] with low <= high`);
}
