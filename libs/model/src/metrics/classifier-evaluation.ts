/** A metric with its bootstrap 95 % confidence interval (percentile method, resampling the test set with replacement). */
export interface MetricWithInterval {
  value: number;
  /** [2.5th, 97.5th] percentiles of the bootstrap distribution. */
  ci95: [number, number];
  /** Standard deviation of the bootstrap distribution (SageMaker's model quality `standard_deviation`). */
  standardDeviation: number;
}

/** Counts at the decision threshold, the positive class being index 1 (for example `pneumonia`). */
export interface ConfusionMatrix {
  truePositive: number;
  falsePositive: number;
  trueNegative: number;
  falseNegative: number;
}

/** One point of the ROC curve. */
export interface RocPoint {
  threshold: number;
  falsePositiveRate: number;
  truePositiveRate: number;
}

/** What evaluate reports of a binary classifier on the test split. */
export interface ClassifierEvaluation {
  count: number;
  positives: number;
  threshold: number;
  accuracy: MetricWithInterval;
  precision: MetricWithInterval;
  recall: MetricWithInterval;
  f1: MetricWithInterval;
  auc: MetricWithInterval;
  confusionMatrix: ConfusionMatrix;
  /** From (0,0) to (1,1), thresholds descending. */
  roc: RocPoint[];
  bootstrap: { samples: number; seed: string };
}

/** Input of `evaluateClassifier`. */
export interface ClassifierEvaluationInput {
  /** Probability of the positive class per item. */
  scores: Float32Array | number[];
  /** 0 or 1 per item. */
  labels: Int32Array | number[];
  /** Default 0.5. */
  threshold?: number;
  /** Default 1000 samples; the seed makes the intervals reproducible. */
  bootstrap?: { samples?: number; seed?: string };
}
