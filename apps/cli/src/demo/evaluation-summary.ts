import { LocalObjectStore, localS3Root, type ObjectStore } from '@triage/pipeline';
import type { ApiTarget } from '../client/api-target';
import { apiRequest } from '../client/http';
import type { DemoModelVersion, MetricValue } from './demo-api';
import { wilson95 } from './triage-summary';

/** The parts of evaluation.json the summary reads: the test set and its confusion matrix (keyed actual, then predicted). */
interface EvaluationJson {
  binary_classification_metrics?: { confusion_matrix?: Record<'0' | '1', Record<'0' | '1', number>> };
  dataset?: { count: number; positives: number };
  evaluation?: { threshold: number };
}

/** What the summary shows beyond the registry's metrics, read from the run's evaluation.json. */
export interface TestSetFigures {
  count: number;
  positives: number;
  specificity: number;
  specificityCi95: [number, number] | null;
}

/**
 * The test set's size and the specificity with its Wilson 95 % interval, from the confusion matrix
 * in the version's evaluation.json (the registry keeps sensitivity, as recall, but not
 * specificity): through the models API, else (an API without that route) from the platform's
 * local object store in the data folder the demo started it on; undefined when neither has it.
 */
export async function testSetFigures(admin: ApiTarget, dataDir: string, version: DemoModelVersion): Promise<TestSetFigures | undefined> {
  const json =
    (await evaluationFromApi(admin, version)) ?? (await evaluationFromStore(new LocalObjectStore(localS3Root(dataDir)), version));
  const cm = json?.binary_classification_metrics?.confusion_matrix;
  if (!json || !cm) return undefined;
  const negatives = cm['0']['0'] + cm['0']['1'];
  return {
    count: json.dataset?.count ?? negatives + cm['1']['0'] + cm['1']['1'],
    positives: json.dataset?.positives ?? cm['1']['0'] + cm['1']['1'],
    specificity: negatives === 0 ? NaN : cm['0']['0'] / negatives,
    specificityCi95: wilson95(cm['0']['0'], negatives),
  };
}

async function evaluationFromApi(admin: ApiTarget, version: DemoModelVersion): Promise<EvaluationJson | undefined> {
  const response = await apiRequest(
    admin,
    `api/models/groups/${encodeURIComponent(version.groupName)}/versions/${version.version}/evaluation`,
  );
  return response.status === 200 ? (JSON.parse(response.body.toString('utf8')) as EvaluationJson) : undefined;
}

async function evaluationFromStore(
  objects: Pick<ObjectStore, 'getObject'>,
  version: DemoModelVersion,
): Promise<EvaluationJson | undefined> {
  const uri = version.metrics.evaluationUri;
  if (!uri) return undefined;
  try {
    return JSON.parse((await objects.getObject(uri)).toString('utf8')) as EvaluationJson;
  } catch {
    return undefined;
  }
}

/** `0.912 (95 % CI 0.880-0.940)`, or `n/a`. */
export function metricText(metric: MetricValue | undefined): string {
  if (!metric || !Number.isFinite(metric.value)) return 'n/a';
  return `${metric.value.toFixed(3)}${metric.ci95 ? ` (95 % CI ${metric.ci95[0].toFixed(3)}-${metric.ci95[1].toFixed(3)})` : ''}`;
}

/** The evaluation summary of a registered version, one metric a line. */
export function evaluationLines(version: DemoModelVersion, test: TestSetFigures | undefined): string[] {
  const lines = [
    ...(test ? [`test set     ${test.count} held-out studies, ${test.positives} pneumonia`] : []),
    `accuracy     ${metricText(version.metrics.accuracy)}`,
    `AUC          ${metricText(version.metrics.auc)}`,
    `sensitivity  ${metricText(version.metrics.recall)}`,
  ];
  if (test && Number.isFinite(test.specificity))
    lines.push(
      `specificity  ${metricText({ value: test.specificity, ...(test.specificityCi95 && { ci95: test.specificityCi95 }) })} (Wilson)`,
    );
  lines.push(`precision    ${metricText(version.metrics.precision)}`);
  return lines;
}
