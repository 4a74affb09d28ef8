import type { MetricSummary, ModelApprovalStatus, ModelLineage, ModelMetricsSummary, ModelRegistry } from '@triage/registry';
import type { Resolved } from '../expressions';
import { walk } from '../expressions';
import type { LocalObjectStore } from '../local-object-store';
import { listOf, objectOf } from './job-context';

/** What a RegisterModel step knows besides its arguments. */
export interface RegisterModelContext {
  registry: ModelRegistry | undefined;
  store: LocalObjectStore;
  executionArn: string;
  executionId: string;
  /** Lineage gathered from the execution's earlier steps (dataset snapshot, training job) and the code version. */
  lineage: ModelLineage;
}

const METRICS = ['accuracy', 'precision', 'recall', 'f1', 'auc'] as const;
/** Where evaluation.json may keep its metrics: at the top, or SageMaker's model quality sections. */
const METRIC_SECTIONS = ['', 'metrics', 'binary_classification_metrics', 'multiclass_classification_metrics'];

/**
 * CreateModelPackage with the resolved arguments (group, ModelApprovalStatus, the container's image
 * and ModelDataUrl, the metrics read from ModelMetrics' statistics file); the step's property is
 * its ModelPackageArn.
 */
export async function registerModel(context: RegisterModelContext, args: Record<string, Resolved>): Promise<string> {
  if (!context.registry) throw new Error('no model registry was given to the runner');
  const container = objectOf(listOf(objectOf(args['InferenceSpecification'])['Containers'])[0]);
  const statistics = objectOf(objectOf(objectOf(args['ModelMetrics'])['ModelQuality'])['Statistics']);
  const metrics: ModelMetricsSummary = {};
  if (statistics['S3Uri'] !== undefined) {
    const uri = String(statistics['S3Uri']);
    metrics.evaluationUri = uri;
    Object.assign(metrics, readMetrics(JSON.parse((await context.store.getObject(uri)).toString('utf8')) as unknown));
  }
  const created = await context.registry.createModelPackage({
    groupName: String(args['ModelPackageGroupName']),
    approvalStatus: String(args['ModelApprovalStatus'] ?? 'PendingManualApproval') as ModelApprovalStatus,
    modelDataUrl: String(container['ModelDataUrl'] ?? ''),
    imageUri: String(container['Image'] ?? ''),
    ...(args['ModelPackageDescription'] !== undefined && { description: String(args['ModelPackageDescription']) }),
    metrics,
    lineage: { ...context.lineage, pipelineExecutionArn: context.executionArn },
    customerMetadata: Object.fromEntries(Object.entries(objectOf(args['CustomerMetadataProperties'])).map(([k, v]) => [k, String(v)])),
    registeredBy: { principal: `pipeline:${context.executionId}`, reason: 'the pipeline RegisterModel step' },
  });
  return created.arn;
}

/** The metrics an evaluation.json holds (a number, or `{ value, ci95?, standard_deviation? }`), wherever SageMaker's layouts put them. */
export function readMetrics(evaluation: unknown): Partial<Record<(typeof METRICS)[number], MetricSummary>> & { reportUri?: string } {
  const out: Partial<Record<(typeof METRICS)[number], MetricSummary>> & { reportUri?: string } = {};
  for (const name of METRICS) {
    for (const section of METRIC_SECTIONS) {
      const found = walk(evaluation, section ? `${section}.${name}` : name);
      const summary = metricSummary(found);
      if (summary) {
        out[name] = summary;
        break;
      }
    }
  }
  const report = walk(evaluation, 'reportUri');
  if (typeof report === 'string') out.reportUri = report;
  return out;
}

function metricSummary(value: unknown): MetricSummary | undefined {
  if (typeof value === 'number') return { value };
  if (value === null || typeof value !== 'object') return undefined;
  const { value: v, ci95 } = value as { value?: unknown; ci95?: unknown };
  if (typeof v !== 'number') return undefined;
  const interval =
    Array.isArray(ci95) && ci95.length === 2 && ci95.every((x) => typeof x === 'number') ? (ci95 as [number, number]) : undefined;
  return { value: v, ...(interval && { ci95: interval }) };
}
