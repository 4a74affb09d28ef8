/** A metric with its 95 % interval, as the registry keeps it. */
export interface MetricSummary {
  value: number;
  ci95?: [number, number];
}

/** Who did something and why (the registry's Actor). */
export interface ModelActor {
  principal: string;
  role?: string;
  reason?: string;
}

export type ApprovalStatus = 'PendingManualApproval' | 'Approved' | 'Rejected';

/** One version, as `GET /api/models/groups/{group}/versions` answers it. */
export interface ModelVersion {
  arn: string;
  groupName: string;
  version: number;
  approvalStatus: ApprovalStatus;
  modelDataUrl: string;
  description?: string;
  metrics: Partial<Record<MetricName, MetricSummary>> & { evaluationUri?: string; reportUri?: string };
  lineage: {
    datasetSnapshotHash?: string;
    datasetSnapshotUri?: string;
    pipelineExecutionArn?: string;
    codeVersion?: string;
    trainingJob?: string;
  };
  createdAt: string;
  registeredBy: ModelActor;
  approvalDescription?: string;
  approvedBy?: ModelActor;
  promoted: boolean;
}

/** The metrics the pages show, in the order shown. */
export const METRICS = ['accuracy', 'auc', 'precision', 'recall', 'f1'] as const;
export type MetricName = (typeof METRICS)[number];

/** One group, as `GET /api/models/groups` lists it. */
export interface ModelGroupSummary {
  name: string;
  versions: number;
  latestVersion?: number;
  promotedVersion?: number;
}

/** One line of a group's history. */
export interface HistoryEntry {
  version: number;
  action: 'registered' | 'approved' | 'rejected' | 'pending' | 'promoted' | 'demoted' | 'rolled-back';
  actor: ModelActor;
  at: string;
}

/** A metric of evaluation.json (null where undefined, e.g. AUC with one class). */
export interface EvaluationMetric {
  value: number | null;
  ci95?: [number | null, number | null];
}

/** evaluation.json, as far as the page draws it. */
export interface Evaluation {
  binary_classification_metrics: Partial<Record<MetricName, EvaluationMetric>> & {
    confusion_matrix?: Record<string, Record<string, number>>;
    receiver_operating_characteristic_curve?: { false_positive_rates: number[]; true_positive_rates: number[] };
  };
  dataset?: { count: number; positives: number; classes: string[]; positiveClass: string };
  evaluation?: { threshold: number };
}

/** One drift check (libs/monitoring's DriftStatus). */
export interface DriftStatus {
  version: number;
  checkedAt: string;
  windowSize: number;
  drifted: boolean;
  features: { feature: string; psi: number; ks: number; threshold: number; drifted: boolean }[];
}

/** The serving and a shadow version on the same images (libs/monitoring's ShadowComparison). */
export interface ShadowComparison {
  servingArn: string;
  shadowArn: string;
  paired: number;
  agreement: number | null;
  verified: number;
  servingAccuracy: number | null;
  shadowAccuracy: number | null;
}

/** `GET /api/models/groups/{group}/monitoring`. */
export interface Monitoring {
  drift: DriftStatus[];
  shadow: ShadowComparison[];
}

/** The default model package group (the pipeline's ModelPackageGroupName). */
export const DEFAULT_GROUP = 'triage-chest-xray';

/** The API path of a group, or of one of its versions. */
export function groupPath(group: string, version?: number): string {
  const base = `/api/models/groups/${encodeURIComponent(group)}`;
  return version === undefined ? base : `${base}/versions/${version}`;
}

/** Group and version of a model package ARN (`...:model-package/<group>/<version>`), when it is one. */
export function versionOfArn(arn: string): { group: string; version: number } | undefined {
  const match = /:model-package\/([A-Za-z0-9-]{1,63})\/(\d{1,9})$/.exec(arn);
  return match ? { group: match[1], version: Number(match[2]) } : undefined;
}

/** The execution id of a pipeline execution ARN (its last segment). */
export function executionIdOfArn(arn: string): string | undefined {
  const match = /\/execution\/([a-z0-9]{1,64})$/.exec(arn);
  return match?.[1];
}
