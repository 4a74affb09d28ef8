import type { ClassifierEvaluation, MetricWithInterval } from '@triage/model';
import type { EvaluationMetric, EvaluationReport } from '@triage/pipeline';

/** What evaluation.json says of the test data. */
export interface EvaluationDataset {
  count: number;
  positives: number;
  /** True when every test image is synthetic. */
  synthetic: boolean;
  syntheticItems: number;
  classes: string[];
  positiveClass: string;
}

/** evaluation.json as evaluate writes it: SageMaker's model-quality sections, then ours. */
export interface TriageEvaluationJson extends EvaluationReport {
  dataset: EvaluationDataset;
  model: Record<string, unknown>;
  evaluation: { threshold: number; bootstrap: { samples: number; seed: string } };
}

/**
 * The evaluation in SageMaker's model-quality layout (`binary_classification_metrics`, what the
 * Model Registry shows as ModelQuality statistics and what the condition step reads at
 * `binary_classification_metrics.accuracy.value`). The confusion matrix is keyed actual, then
 * predicted (`"1": { "0": false negatives }`). An undefined metric (AUC with one class) is null.
 */
export function evaluationJson(
  evaluation: ClassifierEvaluation,
  dataset: EvaluationDataset,
  model: Record<string, unknown>,
): TriageEvaluationJson {
  const cm = evaluation.confusionMatrix;
  return {
    binary_classification_metrics: {
      accuracy: metric(evaluation.accuracy),
      precision: metric(evaluation.precision),
      recall: metric(evaluation.recall),
      f1: metric(evaluation.f1),
      auc: metric(evaluation.auc),
      confusion_matrix: {
        '0': { '0': cm.trueNegative, '1': cm.falsePositive },
        '1': { '0': cm.falseNegative, '1': cm.truePositive },
      },
      receiver_operating_characteristic_curve: {
        false_positive_rates: evaluation.roc.map((p) => p.falsePositiveRate),
        true_positive_rates: evaluation.roc.map((p) => p.truePositiveRate),
      },
    },
    dataset,
    model,
    evaluation: { threshold: evaluation.threshold, bootstrap: evaluation.bootstrap },
  };
}

function metric(m: MetricWithInterval): EvaluationMetric {
  // JSON has no NaN: an undefined metric is written null, never a number a condition could pass on.
  const finite = (v: number) => (Number.isFinite(v) ? v : (null as unknown as number));
  return { value: finite(m.value), standard_deviation: finite(m.standardDeviation), ci95: [finite(m.ci95[0]), finite(m.ci95[1])] };
}
