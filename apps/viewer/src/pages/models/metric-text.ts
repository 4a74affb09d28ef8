import type { EvaluationMetric, MetricSummary } from './model-api';

/** A value in [0, 1] with three decimals; a missing one as a dash. */
export function fraction(value: number | null | undefined): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '–' : value.toFixed(3);
}

/** A metric with its 95 % interval: "0.875 (0.830–0.910)"; without one, the value alone. */
export function metricText(metric: MetricSummary | EvaluationMetric | undefined): string {
  if (!metric || metric.value === null) return '–';
  const [low, high] = metric.ci95 ?? [];
  return low === undefined || low === null || high === undefined || high === null
    ? fraction(metric.value)
    : `${fraction(metric.value)} (${fraction(low)}–${fraction(high)})`;
}

/** What an approval status reads as. */
export function approvalText(status: string): string {
  return status === 'PendingManualApproval' ? 'pending approval' : status.toLowerCase();
}
