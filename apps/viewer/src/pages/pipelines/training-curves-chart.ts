import { h } from '../../ui/dom';
import { lineChart, type ChartSeries } from '../models/charts/line-chart';
import type { EpochPoint, TrainingCurves } from './pipeline-api';

type Field = 'loss' | 'accuracy' | 'valLoss' | 'valAccuracy';

/** The points of one field, per epoch, leaving out epochs that do not have it. */
export function curve(epochs: readonly EpochPoint[], field: Field): Array<[number, number]> {
  return epochs.flatMap((e): Array<[number, number]> => {
    const value = e[field];
    return typeof value === 'number' && Number.isFinite(value) ? [[e.epoch, value]] : [];
  });
}

/** Loss and accuracy, train and validation, per epoch: two charts drawn from the Train step's epochs so far. */
export function trainingCurvesCharts(curves: TrainingCurves): HTMLElement {
  const xMax = Math.max(curves.total ?? 1, ...curves.epochs.map((e) => e.epoch), 1);
  const chart = (title: string, yLabel: string, train: Field, validation: Field, testId: string, y?: [number, number]) => {
    const series: ChartSeries[] = [
      { name: 'train', kind: 'train', points: curve(curves.epochs, train) },
      { name: 'validation', kind: 'validation', points: curve(curves.epochs, validation) },
    ];
    return lineChart({ title, xLabel: 'epoch', yLabel, series, x: [curves.epochs.length ? 1 : 0, xMax], y, integerX: true, testId });
  };
  return h(
    'div',
    { class: 'charts', 'data-testid': 'training-curves', 'data-epochs': curves.epochs.length },
    chart('Loss', 'loss', 'loss', 'valLoss', 'loss-chart'),
    chart('Accuracy', 'accuracy', 'accuracy', 'valAccuracy', 'accuracy-chart', [0, 1]),
  );
}
