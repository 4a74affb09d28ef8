/** One metric of evaluation.json: the value on the test split with its bootstrap spread. */
export interface EvaluationMetric {
  value: number;
  standard_deviation: number;
  /** The bootstrap 95 % confidence interval, [low, high]. */
  ci95: [number, number];
}

/**
 * evaluation.json, which the evaluate step writes to its `evaluation` output: SageMaker's model-quality layout
 * (`binary_classification_metrics`), so the Model Registry shows it as ModelMetrics.ModelQuality.Statistics.
 */
export interface EvaluationReport {
  binary_classification_metrics: {
    accuracy: EvaluationMetric;
    precision: EvaluationMetric;
    recall: EvaluationMetric;
    f1: EvaluationMetric;
    auc: EvaluationMetric;
    confusion_matrix: Record<string, Record<string, number>>;
    receiver_operating_characteristic_curve?: { false_positive_rates: number[]; true_positive_rates: number[] };
  };
  [section: string]: unknown;
}

/** The file name of the report inside the evaluate step's `evaluation` output. */
export const EVALUATION_REPORT_FILE = 'evaluation.json';

/** The `Std:JsonGet` path of the accuracy that the condition step compares with the threshold. */
export const ACCURACY_JSON_PATH = 'binary_classification_metrics.accuracy.value';
