import { seededRandom } from '../training/seeded-random';
import type {
  ClassifierEvaluation,
  ClassifierEvaluationInput,
  ConfusionMatrix,
  MetricWithInterval,
  RocPoint,
} from './classifier-evaluation';

const DEFAULT_SAMPLES = 1000;
const DEFAULT_SEED = 'triage-bootstrap';

/**
 * Accuracy, precision, recall, F1 and ROC-AUC of a binary classifier at `threshold` (an item is
 * predicted positive when its score is at least the threshold), each with a seeded percentile
 * bootstrap 95 % interval, plus the confusion matrix and the ROC curve.
 *
 * Conventions for the degenerate cases: precision is 0 with nothing predicted positive, recall 0
 * with no positives, F1 0 when both are 0 (scikit-learn's `zero_division=0`); ROC-AUC is NaN with
 * only one class (undefined), and bootstrap samples that draw one class only are left out of its
 * interval; ties between a positive and a negative count one half.
 */
export function evaluateClassifier(input: ClassifierEvaluationInput): ClassifierEvaluation {
  const scores = Float64Array.from(input.scores);
  const labels = Int32Array.from(input.labels);
  if (scores.length !== labels.length) throw new RangeError(`${scores.length} scores but ${labels.length} labels`);
  if (scores.length === 0) throw new RangeError('nothing to evaluate: no scores');
  const bad = labels.findIndex((l) => l !== 0 && l !== 1);
  if (bad >= 0) throw new RangeError(`label ${labels[bad]} at ${bad}: labels are 0 or 1`);
  const threshold = input.threshold ?? 0.5;
  const samples = input.bootstrap?.samples ?? DEFAULT_SAMPLES;
  const seed = input.bootstrap?.seed ?? DEFAULT_SEED;

  const point = pointMetrics(scores, labels, threshold);
  const draws: Record<MetricName, number[]> = { accuracy: [], precision: [], recall: [], f1: [], auc: [] };
  const random = seededRandom(seed);
  const n = scores.length;
  const s = new Float64Array(n);
  const l = new Int32Array(n);
  for (let b = 0; b < samples; b++) {
    for (let i = 0; i < n; i++) {
      const k = Math.floor(random() * n);
      s[i] = scores[k];
      l[i] = labels[k];
    }
    const m = pointMetrics(s, l, threshold);
    for (const name of METRICS) if (!Number.isNaN(m[name])) draws[name].push(m[name]);
  }
  const withInterval = (name: MetricName): MetricWithInterval => interval(point[name], draws[name]);
  return {
    count: n,
    positives: point.confusion.truePositive + point.confusion.falseNegative,
    threshold,
    accuracy: withInterval('accuracy'),
    precision: withInterval('precision'),
    recall: withInterval('recall'),
    f1: withInterval('f1'),
    auc: withInterval('auc'),
    confusionMatrix: point.confusion,
    roc: rocCurve(scores, labels),
    bootstrap: { samples, seed },
  };
}

const METRICS = ['accuracy', 'precision', 'recall', 'f1', 'auc'] as const;
type MetricName = (typeof METRICS)[number];

function pointMetrics(
  scores: Float64Array,
  labels: Int32Array,
  threshold: number,
): Record<MetricName, number> & { confusion: ConfusionMatrix } {
  const confusion = confusionMatrix(scores, labels, threshold);
  const { truePositive: tp, falsePositive: fp, trueNegative: tn, falseNegative: fn } = confusion;
  const precision = tp + fp ? tp / (tp + fp) : 0;
  const recall = tp + fn ? tp / (tp + fn) : 0;
  return {
    confusion,
    accuracy: (tp + tn) / scores.length,
    precision,
    recall,
    f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0,
    auc: rocAuc(scores, labels),
  };
}

/** Counts at the threshold (score >= threshold is positive). */
export function confusionMatrix(scores: ArrayLike<number>, labels: ArrayLike<number>, threshold: number): ConfusionMatrix {
  const m: ConfusionMatrix = { truePositive: 0, falsePositive: 0, trueNegative: 0, falseNegative: 0 };
  for (let i = 0; i < scores.length; i++) {
    const predicted = scores[i] >= threshold;
    if (labels[i] === 1) {
      if (predicted) m.truePositive++;
      else m.falseNegative++;
    } else if (predicted) m.falsePositive++;
    else m.trueNegative++;
  }
  return m;
}

/** ROC-AUC as the Mann-Whitney statistic (ties one half) by average ranks; NaN with one class only. */
export function rocAuc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const n = scores.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a] - scores[b]);
  let positives = 0;
  let rankSum = 0;
  for (let i = 0; i < n;) {
    let j = i;
    while (j + 1 < n && scores[order[j + 1]] === scores[order[i]]) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) {
      if (labels[order[k]] === 1) {
        positives++;
        rankSum += rank;
      }
    }
    i = j + 1;
  }
  const negatives = n - positives;
  if (!positives || !negatives) return NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/**
 * The ROC curve: one point per distinct score, thresholds descending, from (0,0) (threshold one
 * above the highest score, nothing positive) to (1,1). A rate whose class is absent is 0.
 */
export function rocCurve(scores: ArrayLike<number>, labels: ArrayLike<number>): RocPoint[] {
  const order = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[b] - scores[a]);
  let positives = 0;
  for (let i = 0; i < labels.length; i++) positives += labels[i] === 1 ? 1 : 0;
  const negatives = labels.length - positives;
  const rate = (count: number, total: number) => (total ? count / total : 0);
  const points: RocPoint[] = [{ threshold: scores[order[0]] + 1, falsePositiveRate: 0, truePositiveRate: 0 }];
  let tp = 0;
  let fp = 0;
  for (let i = 0; i < order.length; i++) {
    if (labels[order[i]] === 1) tp++;
    else fp++;
    const next = order[i + 1];
    if (next === undefined || scores[next] !== scores[order[i]])
      points.push({ threshold: scores[order[i]], falsePositiveRate: rate(fp, negatives), truePositiveRate: rate(tp, positives) });
  }
  return points;
}

/** The point estimate with the 2.5th and 97.5th percentiles (linear interpolation) and standard deviation of the draws. */
function interval(value: number, draws: number[]): MetricWithInterval {
  if (!draws.length) return { value, ci95: [NaN, NaN], standardDeviation: NaN };
  const sorted = [...draws].sort((a, b) => a - b);
  const mean = sorted.reduce((a, b) => a + b, 0) / sorted.length;
  const variance = sorted.reduce((a, b) => a + (b - mean) ** 2, 0) / sorted.length;
  return { value, ci95: [percentile(sorted, 2.5), percentile(sorted, 97.5)], standardDeviation: Math.sqrt(variance) };
}

/** numpy's default (linear) percentile of sorted values. */
function percentile(sorted: number[], p: number): number {
  const at = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(at);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (at - lo);
}
