import { ApiError } from '../../session/api-error';
import { api } from '../../session/session';
import { h, replaceChildren } from '../../ui/dom';
import { notice } from '../../ui/notice';
import { confusionMatrixChart } from './charts/confusion-matrix-chart';
import { lineChart } from './charts/line-chart';
import { metricText } from './metric-text';
import { groupPath, type Evaluation } from './model-api';

/** The ROC curve's points in drawing order (by false positive rate, then true positive rate), from evaluation.json's two arrays. */
export function rocPoints(evaluation: Evaluation): Array<[number, number]> {
  const curve = evaluation.binary_classification_metrics.receiver_operating_characteristic_curve;
  if (!curve) return [];
  return curve.false_positive_rates
    .map((fpr, i): [number, number] => [fpr, curve.true_positive_rates[i] ?? NaN])
    .filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y))
    .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
}

/** evaluation.json's confusion matrix (keyed actual, then predicted, "0" negative) as rows [[TN, FP], [FN, TP]]. */
export function confusionRows(evaluation: Evaluation): number[][] | undefined {
  const cm = evaluation.binary_classification_metrics.confusion_matrix;
  if (!cm) return undefined;
  return ['0', '1'].map((actual) => ['0', '1'].map((predicted) => cm[actual]?.[predicted] ?? 0));
}

/** The version's ROC curve (with its AUC and interval) and confusion matrix, drawn from its evaluation.json. */
export function evaluationPanel(group: string, version: number): HTMLElement {
  const body = h('div', { class: 'charts' }, h('p', { class: 'muted' }, 'Loading the evaluation…'));
  const section = h('section', { class: 'panel', 'data-testid': 'evaluation-panel', 'aria-labelledby': 'evaluation-title' });
  section.append(h('h2', { id: 'evaluation-title' }, 'Evaluation'), body);
  api<Evaluation>(`${groupPath(group, version)}/evaluation`)
    .then((evaluation) => {
      const metrics = evaluation.binary_classification_metrics;
      const classes = evaluation.dataset?.classes;
      const names: [string, string] = classes && classes.length === 2 ? [classes[0], classes[1]] : ['negative', 'positive'];
      const rows = confusionRows(evaluation);
      replaceChildren(
        body,
        lineChart({
          title: 'ROC curve',
          xLabel: 'false positive rate',
          yLabel: 'true positive rate',
          x: [0, 1],
          y: [0, 1],
          series: [{ name: 'ROC', kind: 'roc', points: rocPoints(evaluation) }],
          references: [[0, 0, 1, 1]],
          note: `AUC ${metricText(metrics.auc)}`,
          testId: 'roc-chart',
        }),
        rows ? confusionMatrixChart(names, rows, `Confusion matrix (threshold ${evaluation.evaluation?.threshold ?? 0.5})`) : null,
        evaluation.dataset
          ? h('p', { class: 'muted' }, `Test split: ${evaluation.dataset.count} images, ${evaluation.dataset.positives} ${names[1]}.`)
          : null,
      );
      section.dataset.state = 'loaded';
    })
    .catch((error: unknown) => {
      const missing = error instanceof ApiError && error.status === 404;
      replaceChildren(
        body,
        missing
          ? notice('No evaluation is stored for this version.', 'info')
          : notice(String(error instanceof Error ? error.message : error)),
      );
      section.dataset.state = missing ? 'none' : 'failed';
    });
  return section;
}
