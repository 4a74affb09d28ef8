import type { ModelApprovalStatus, ModelPackageStatus } from '@aws-sdk/client-sagemaker';

export type { ModelApprovalStatus, ModelPackageStatus };

/** A model package ARN: `arn:aws:sagemaker:<region>:<account>:model-package/<group>/<version>` (locally region `local`, account 000000000000). */
export type ModelPackageArn = string & { readonly __brand?: 'ModelPackageArn' };
/** A model package group name (SageMaker: 1-63 of [a-zA-Z0-9-]). */
export type ModelPackageGroupName = string & { readonly __brand?: 'ModelPackageGroupName' };

/** Who did something, and why: every approval, rejection, promotion and rollback carries one. */
export interface Actor {
  /** The principal (token name, or `pipeline:<execution id>` for the condition step). */
  principal: string;
  role?: string;
  reason?: string;
}

/** Where a version came from: enough to rebuild it or to know what it was trained on. */
export interface ModelLineage {
  /** Content hash of the dataset snapshot preprocess recorded, and where the snapshot is. */
  datasetSnapshotHash?: string;
  datasetSnapshotUri?: string;
  pipelineExecutionArn?: string;
  /** The code the steps ran (git commit, or the image digest on AWS). */
  codeVersion?: string;
  trainingJob?: string;
}

/** The evaluation summary kept with a version (the full report stays at `evaluationUri`). */
export interface ModelMetricsSummary {
  accuracy?: MetricSummary;
  precision?: MetricSummary;
  recall?: MetricSummary;
  f1?: MetricSummary;
  auc?: MetricSummary;
  /** evaluation.json (SageMaker ModelMetrics.ModelQuality.Statistics). */
  evaluationUri?: string;
  /** The HTML report with the ROC curve, confusion matrix and training curves. */
  reportUri?: string;
}

export interface MetricSummary {
  value: number;
  ci95?: [number, number];
}

/** CreateModelPackage's input as the RegisterModel step gives it. */
export interface RegisterModelPackageInput {
  groupName: ModelPackageGroupName;
  approvalStatus: ModelApprovalStatus;
  /** model.tar.gz (S3 URI; a local s3:// URI maps into the data directory). */
  modelDataUrl: string;
  /** The inference image. */
  imageUri: string;
  description?: string;
  metrics?: ModelMetricsSummary;
  lineage?: ModelLineage;
  customerMetadata?: Record<string, string>;
  /** Who registered it (the pipeline, or a person). */
  registeredBy: Actor;
}

/** One version of a model package group. */
export interface ModelPackage {
  arn: ModelPackageArn;
  groupName: ModelPackageGroupName;
  /** 1, 2, ... per group, in registration order. */
  version: number;
  status: ModelPackageStatus;
  approvalStatus: ModelApprovalStatus;
  modelDataUrl: string;
  imageUri: string;
  description?: string;
  metrics: ModelMetricsSummary;
  lineage: ModelLineage;
  customerMetadata: Record<string, string>;
  /** ISO 8601. */
  createdAt: string;
  registeredBy: Actor;
  /** The last approval change, when there was one. */
  approvalDescription?: string;
  approvedBy?: Actor;
  /** Whether this version is the one scoring new studies now. */
  promoted: boolean;
}

export interface ModelPackageGroup {
  name: ModelPackageGroupName;
  arn: string;
  description?: string;
  createdAt: string;
}

/** One line of a group's history: registered, approved, rejected, promoted, rolled back. */
export interface RegistryHistoryEntry {
  groupName: ModelPackageGroupName;
  arn: ModelPackageArn;
  version: number;
  action: 'registered' | 'approved' | 'rejected' | 'pending' | 'promoted' | 'demoted' | 'rolled-back';
  actor: Actor;
  /** ISO 8601. */
  at: string;
}

/** A period in which one version scored new studies: the answer to "which model served when". */
export interface ServingPeriod {
  arn: ModelPackageArn;
  version: number;
  from: string;
  /** Absent while it still serves. */
  until?: string;
  promotedBy: Actor;
}

/** Thrown by registry operations; `name` follows SageMaker's exceptions so the AWS implementation maps one to one. */
export class RegistryError extends Error {
  constructor(
    readonly code: 'ResourceNotFound' | 'ValidationException' | 'ConflictException',
    message: string,
  ) {
    super(message);
    this.name = code;
  }
}

/**
 * The model registry port: SageMaker Model Registry semantics (groups, versions, approval status)
 * plus promotion, which SageMaker leaves to its users: exactly one promoted version per group,
 * only an Approved one, with the history of who changed what and which version served when.
 */
export interface ModelRegistry {
  /** Creates the group, or returns it when it exists (idempotent). */
  ensureModelPackageGroup(name: ModelPackageGroupName, description?: string): Promise<ModelPackageGroup>;
  listModelPackageGroups(): Promise<ModelPackageGroup[]>;
  /** Registers the next version of the group (the group is created when missing, as RegisterModel does). */
  createModelPackage(input: RegisterModelPackageInput): Promise<ModelPackage>;
  describeModelPackage(arn: ModelPackageArn): Promise<ModelPackage>;
  /** Newest first; filtered by approval status when given. */
  listModelPackages(groupName: ModelPackageGroupName, filter?: { approvalStatus?: ModelApprovalStatus }): Promise<ModelPackage[]>;
  /**
   * Approve, reject or set back to pending (UpdateModelPackage): any of the three from any, the same again too (a new reason).
   * `actor.reason` is required. Setting the promoted version other than Approved is a ConflictException: roll back first.
   */
  updateApprovalStatus(arn: ModelPackageArn, status: ModelApprovalStatus, actor: Actor): Promise<ModelPackage>;
  /**
   * Makes an Approved version the one that scores new studies (the previous one stops serving); another status is a
   * ConflictException, `actor.reason` is required, and promoting the version that serves already changes nothing.
   */
  promote(arn: ModelPackageArn, actor: Actor): Promise<ModelPackage>;
  /**
   * Undoes the last promotion still in force: the version that served before the current one serves again (promotions
   * stack; rollbacks pop). A ConflictException when there is none, or when that version is no longer Approved.
   */
  rollback(groupName: ModelPackageGroupName, actor: Actor): Promise<ModelPackage>;
  /** The version scoring new studies now, if any. */
  promoted(groupName: ModelPackageGroupName): Promise<ModelPackage | undefined>;
  /** Oldest first. */
  history(groupName: ModelPackageGroupName): Promise<RegistryHistoryEntry[]>;
  servingHistory(groupName: ModelPackageGroupName): Promise<ServingPeriod[]>;
  close(): Promise<void>;
}
